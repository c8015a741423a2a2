from django.urls import path

from lofte.dialogues import views

app_name = "dialogues"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.partnership, name="partnership"),
]
