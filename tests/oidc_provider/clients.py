"""The provider's two registered clients, known to both the server and the fixture (no Django here)."""

RP_CLIENT_ID = "styrmodell"
RP_CLIENT_SECRET = "styrmodell-secret-1"
RP_REDIRECT_URI = "http://testserver/konto/logga-in/kommunkonto/klart/"
RP_POST_LOGOUT_REDIRECT_URI = "http://testserver/konto/utloggad/"

# Another service of the same provider: its correctly signed tokens carry a different audience.
OTHER_CLIENT_ID = "annan-tjanst"
OTHER_CLIENT_SECRET = "annan-tjanst-secret-1"
OTHER_REDIRECT_URI = "http://annan-tjanst.test/klart/"
OTHER_POST_LOGOUT_REDIRECT_URI = "http://annan-tjanst.test/utloggad/"

CLIENTS = [
    (RP_CLIENT_ID, RP_CLIENT_SECRET, RP_REDIRECT_URI, RP_POST_LOGOUT_REDIRECT_URI),
    (OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, OTHER_REDIRECT_URI, OTHER_POST_LOGOUT_REDIRECT_URI),
]
