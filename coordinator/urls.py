from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import auth, autocomplete, health, languages, views
from .users import preferences
from .users.urls import invitation_patterns

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("dashboard/", views.Dashboard.as_view(), name="dashboard"),
    path("municipality/switch/", views.switch_municipality, name="switch_municipality"),
    path("municipality/settings/", preferences.MunicipalitySettings.as_view(),
         name="municipality_settings"),
    path("i18n/setlang/", languages.set_language, name="set_language"),
    path("search/records/", autocomplete.RecordSearch.as_view(), name="record_search"),
    path("users/", include("coordinator.users.urls")),
    path("spreadsheets/", include("coordinator.spreadsheets.urls")),
    *invitation_patterns,
    # The apps' URLconfs are named by dotted path (as in INSTALLED_APPS), never imported.
    path("", include("engagement.urls")),
    path("networks/", include("networks.urls")),
    path("assessments/", include("vetting.urls")),
    path("action-plans/", include("actionplans.urls")),
    path("sharing/log/", include("sharing.urls_log")),
    path("sharing/grants/", include("sharing.urls_grants")),
    path("sharing/", include("sharing.urls")),
    path("meetings/", include("dialogue.urls")),
    path("crisis/", include("crisis.urls")),
    path("privacy/", include("privacy.urls")),
    path("reminders/", include("reminders.urls")),
    path("network-health/", include("health.urls")),
    path("portal/", include("portal.urls")),
    path("representatives/", include("portal.staff_urls")),
    path("sociogram/", include("sociogram.urls")),
    path("api/", include("api.urls")),
    path("accounts/api-tokens/", include("api.token_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(
        redirect_authenticated_user=True, authentication_form=auth.SignInForm), name="login"),
    path("accounts/two-factor/", include("coordinator.twofactor.urls")),
    # Before django.contrib.auth.urls, whose reset view would send the e-mail in the request.
    path("accounts/password_reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/settings/", preferences.AccountSettings.as_view(), name="account_settings"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
