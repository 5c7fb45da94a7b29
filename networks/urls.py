from django.urls import path

from . import views

app_name = "networks"
urlpatterns = [
    path("communities/", views.CommunityList.as_view(), name="community_list"),
    path("communities/new/", views.CommunityCreate.as_view(), name="community_create"),
    path("communities/<int:pk>/", views.CommunityDetail.as_view(), name="community_detail"),
    path("communities/<int:pk>/edit/", views.CommunityUpdate.as_view(), name="community_update"),
    path("communities/<int:pk>/accept-step/", views.CommunityAcceptStep.as_view(),
         name="community_accept_step"),
    path("organisations/", views.OrganisationList.as_view(), name="organisation_list"),
    path("organisations/new/", views.OrganisationCreate.as_view(), name="organisation_create"),
    path("organisations/<int:pk>/", views.OrganisationDetail.as_view(), name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.OrganisationUpdate.as_view(),
         name="organisation_update"),
    path("people/", views.PersonList.as_view(), name="person_list"),
    path("people/new/", views.PersonCreate.as_view(), name="person_create"),
    path("people/<int:pk>/", views.PersonDetail.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", views.PersonUpdate.as_view(), name="person_update"),
]
