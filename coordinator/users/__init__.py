"""Municipal admins manage their own users without the Django admin (issue 7): the members
page, invitations by e-mail with a one-time link, changing a member's role and organisation,
and deactivating a member. ``services`` holds the rules, ``views`` and ``invitations`` the
pages (the latter public: the invitee has no account yet)."""
