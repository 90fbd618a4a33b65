"""The demo personas as the tests know them: keys and the home page each lands on."""

PERSONAS = ["amina", "kare", "nora", "ola", "lead", "admin"]
HOMES = {
    "amina": "/citizen/",
    "kare": "/citizen/",
    "nora": "/helper/",
    "ola": "/staff/",
    "lead": "/staff/",
    "admin": "/administration/",
}
