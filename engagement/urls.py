"""The engagement process's URLs, included at the site root without a namespace: the names
(``interaction_list``, ``commitment_detail``, ``preconditions``, ...) and paths are those the
templates, e-mails and bookmarks have always used."""

from django.urls import path

from . import views

urlpatterns = [
    path("preconditions/", views.PreconditionsUpdate.as_view(), name="preconditions"),
    path("preconditions/goals/new/", views.GoalCreate.as_view(), name="goal_create"),
    path("preconditions/goals/<int:pk>/", views.GoalDetail.as_view(), name="goal_detail"),
    path("preconditions/goals/<int:pk>/edit/", views.GoalUpdate.as_view(), name="goal_update"),
    path("preconditions/goals/<int:pk>/review/", views.GoalReviewCreate.as_view(),
         name="goal_review_create"),
    path("interactions/", views.InteractionList.as_view(), name="interaction_list"),
    path("interactions/new/", views.InteractionCreate.as_view(), name="interaction_create"),
    path("interactions/<int:pk>/", views.InteractionDetail.as_view(), name="interaction_detail"),
    path("interactions/<int:pk>/edit/", views.InteractionUpdate.as_view(),
         name="interaction_update"),
    path("commitments/", views.CommitmentList.as_view(), name="commitment_list"),
    path("commitments/new/", views.CommitmentCreate.as_view(), name="commitment_create"),
    path("commitments/<int:pk>/", views.CommitmentDetail.as_view(), name="commitment_detail"),
    path("commitments/<int:pk>/edit/", views.CommitmentUpdate.as_view(),
         name="commitment_update"),
]
