"""The enquiry form's data, as a patient fills it in."""


def valid_data(**overrides):
    data = {
        "name": "Ada Patient",
        "email": "ada@example.com",
        "phone": "",
        "treatment": "hair-loss",
        "message": "Could this help with thinning at the crown?",
        "preferred_contact": "email",
        "consent": "on",
        "over_18": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client, **overrides):
    return client.post("/enquire/", valid_data(**overrides))
