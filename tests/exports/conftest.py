import pytest


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


def read(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")
