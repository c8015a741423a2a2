from django.urls import path

from lofte.promises import views

app_name = "promises"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.partnership, name="partnership"),
]
