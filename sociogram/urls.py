from django.urls import path

from . import views

app_name = "sociogram"
urlpatterns = [
    path("", views.SociogramPage.as_view(), name="graph"),
    path("graph.json", views.SociogramPayload.as_view(), name="payload"),
    path("sociogram.graphml", views.SociogramGraphML.as_view(), name="graphml"),
    path("relationships/new/", views.RelationshipCreate.as_view(), name="relationship_create"),
    path("relationships/<int:pk>/", views.RelationshipDetail.as_view(),
         name="relationship_detail"),
    path("relationships/<int:pk>/edit/", views.RelationshipUpdate.as_view(),
         name="relationship_update"),
]
