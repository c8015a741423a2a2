from django.urls import path

from lofte.core.views import auth, home, organisations

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("konto/logga-in/", auth.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth.LogoutView.as_view(), name="logout"),
    path("konto/tvafaktor/", auth.two_factor, name="two_factor"),
    path("organisationer/", organisations.organisation_list, name="organisation_list"),
    path("organisationer/<slug:slug>/", organisations.organisation_detail, name="organisation_detail"),
    path("samverkan/<slug:slug>/", organisations.partnership_detail, name="partnership_detail"),
]
