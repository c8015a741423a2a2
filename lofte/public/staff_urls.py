"""Staff pages of the public website: a municipality's administrators set its look and hours and write news."""

from django.urls import path

from lofte.public.views import staff

app_name = "website"

ORG = "<slug:slug>/"

urlpatterns = [
    path(ORG, staff.site, name="site"),
    path(f"{ORG}oppettider/", staff.hours, name="hours"),
    path(f"{ORG}nyheter/ny/", staff.news_create, name="news_create"),
    path(f"{ORG}nyheter/<int:pk>/", staff.news_edit, name="news_edit"),
    path(f"{ORG}nyheter/<int:pk>/publicera/", staff.news_publish, name="news_publish"),
    path(f"{ORG}nyheter/<int:pk>/avpublicera/", staff.news_unpublish, name="news_unpublish"),
]
