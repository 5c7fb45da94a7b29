"""Two-step sign-in (issue 13): an authenticator app (django-otp's TOTP device) with backup
codes (its static device), required for some users, offered to everyone. ``services`` holds the
rules, ``middleware`` enforces them on every request, ``views`` are the pages."""
