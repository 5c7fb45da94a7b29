"""URLs of the information-sharing agreements, included at ``/sharing/`` (namespace
"sharing"). The read-access log and per-record grant pages live in their own modules and add
their patterns here."""

from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    path("", views.AgreementList.as_view(), name="agreement_list"),
    path("new/", views.AgreementCreate.as_view(), name="agreement_create"),
    path("<int:pk>/", views.AgreementDetail.as_view(), name="agreement_detail"),
    path("<int:pk>/edit/", views.AgreementUpdate.as_view(), name="agreement_update"),
    path("<int:pk>/activate/", views.AgreementActivate.as_view(), name="agreement_activate"),
    path("<int:pk>/suspend/", views.AgreementSuspend.as_view(), name="agreement_suspend"),
    path("<int:pk>/resume/", views.AgreementResume.as_view(), name="agreement_resume"),
    path("<int:pk>/end/", views.AgreementEnd.as_view(), name="agreement_end"),
    path("<int:pk>/evaluations/new/", views.ReviewCreate.as_view(), name="review_create"),
    path("my-organisation/", views.MyAgreementList.as_view(), name="my_agreement_list"),
    path("my-organisation/<int:pk>/", views.MyAgreementDetail.as_view(),
         name="my_agreement_detail"),
]
