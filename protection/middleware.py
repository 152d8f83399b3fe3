"""Scopes the data-key cache to one request: unwrapped keys are forgotten when it ends."""

from protection.envelope import data_key_cache


class DataKeyCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with data_key_cache():
            # A streaming response (a decrypted attachment) reads after this returns; it
            # unwraps its key before the response starts, so it does not need the cache.
            return self.get_response(request)
