"""The public website, under /p/<kommun>/ (no login, no cookie), and the installation's front door at /."""

from django.urls import path

from lofte.public.views import news, site

app_name = "public"

ORG = "p/<slug:slug>/"

urlpatterns = [
    path("", site.index, name="index"),
    path(ORG, site.start, name="start"),
    path(f"{ORG}kontakt/", site.contact, name="contact"),
    path(f"{ORG}nyheter/", news.news_list, name="news_list"),
    path(f"{ORG}nyheter.atom", news.news_feed, name="news_feed"),
    path(f"{ORG}nyheter/<int:pk>/", news.news_item, name="news_item"),
    path(f"{ORG}nyheter/<int:pk>/bild.jpg", news.news_image, name="news_image"),
    path(f"{ORG}arkiv/", site.archive, name="archive"),
    path(f"{ORG}tillganglighet/", site.accessibility, name="accessibility"),
    path(f"{ORG}tema.css", site.theme, name="theme"),
    path(f"{ORG}logotyp", site.logo, name="logo"),
]
