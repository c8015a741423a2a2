from django.urls import path

from lofte.open311.views import keys

app_name = "open311_staff"

urlpatterns = [
    path("<slug:slug>/api-nycklar/", keys.key_list, name="key_list"),
    path("<slug:slug>/api-nycklar/<int:pk>/aterkalla/", keys.key_revoke, name="key_revoke"),
]
