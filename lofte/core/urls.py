from django.urls import path

from lofte.core.views import (
    account,
    areas,
    audit,
    auth,
    contact,
    email_change,
    home,
    invitations,
    members,
    organisations,
    partnerships,
    places,
    privacy,
)

app_name = "core"

ORG = "organisationer/<slug:slug>/"

urlpatterns = [
    # The staff start page; / is the public front door (lofte.public).
    path("start/", home.home, name="home"),
    path("konto/logga-in/", auth.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth.LogoutView.as_view(), name="logout"),
    path("konto/tvafaktor/", auth.two_factor, name="two_factor"),
    # Not under /konto/: that prefix is open before the second factor (see middleware.py).
    path("profil/losenord/", account.password_change, name="password_change"),
    path("inbjudningar/", invitations.invitation_list, name="invitation_list"),
    path("inbjudningar/<int:pk>/svar/", invitations.invitation_answer, name="invitation_answer"),
    path("ny-e-post/<str:token>/", email_change.email_change_confirm_view, name="email_change_confirm"),
    path("inbjudan/<str:token>/", invitations.invitation_open, name="invitation_open"),
    path("organisationer/", organisations.organisation_list, name="organisation_list"),
    path("organisationer/ny/", organisations.organisation_create, name="organisation_create"),
    path(ORG, organisations.organisation_detail, name="organisation_detail"),
    path(f"{ORG}andra/", organisations.organisation_edit, name="organisation_edit"),
    path(f"{ORG}omraden/", areas.area_list, name="area_list"),
    path(f"{ORG}omraden/nytt/", areas.area_create, name="area_create"),
    path(f"{ORG}omraden/<int:pk>/", areas.area_edit, name="area_edit"),
    path(f"{ORG}omraden/<int:pk>/ta-bort/", areas.area_delete, name="area_delete"),
    path(f"{ORG}platser/", places.place_list, name="place_list"),
    path(f"{ORG}platser/ny/", places.place_create, name="place_create"),
    path(f"{ORG}platser/importera/", places.place_import, name="place_import"),
    path(f"{ORG}platser/<int:pk>/", places.place_edit, name="place_edit"),
    path(f"{ORG}platser/<int:pk>/ta-bort/", places.place_delete, name="place_delete"),
    path(f"{ORG}kontaktcenter/", contact.contact_centre_edit, name="contact_centre_edit"),
    path(f"{ORG}medlemmar/", members.member_list, name="member_list"),
    path(f"{ORG}medlemmar/ny/", members.member_add, name="member_add"),
    path(f"{ORG}medlemmar/<int:pk>/", members.member_edit, name="member_edit"),
    path(
        f"{ORG}medlemmar/inbjudningar/<int:pk>/aterkalla/",
        members.member_invitation_revoke,
        name="member_invitation_revoke",
    ),
    path(f"{ORG}medlemmar/<int:pk>/ta-bort/", members.member_remove, name="member_remove"),
    path(f"{ORG}medlemmar/<int:pk>/tvafaktor/", members.member_reset_two_factor, name="member_reset_two_factor"),
    path(f"{ORG}medlemmar/<int:pk>/las-upp/", members.member_unlock, name="member_unlock"),
    path(f"{ORG}medlemmar/<int:pk>/losenord/", members.member_password, name="member_password"),
    path(f"{ORG}medlemmar/<int:pk>/konto/", members.member_active, name="member_active"),
    path(f"{ORG}logg/", audit.audit_list, name="audit_list"),
    path(f"{ORG}gallring/", privacy.retention_edit, name="retention_edit"),
    path(f"{ORG}personuppgifter/", privacy.data_request, name="data_request"),
    path("samverkan/", partnerships.partnership_list, name="partnership_list"),
    path("samverkan/ny/", partnerships.partnership_create, name="partnership_create"),
    path("samverkan/<slug:slug>/", partnerships.partnership_detail, name="partnership_detail"),
    path("samverkan/<slug:slug>/andra/", partnerships.partnership_edit, name="partnership_edit"),
]
