"""Error codes speak one style: snake_case, the error's own or its class's name."""

from daikou_kit.errors import Conflict, DomainError, InvalidInput, NotFound, snake_case


class HTTPGatewayRefused(DomainError):
    pass


def test_an_error_without_a_code_of_its_own_is_named_by_its_class_in_snake_case() -> None:
    assert Conflict("paid already").code == "conflict"
    assert InvalidInput("bad").code == "invalid_input"
    assert NotFound("gone", code="order_not_found").code == "order_not_found"
    assert HTTPGatewayRefused("no").code == "http_gateway_refused"
    assert snake_case("PayloadTooLarge") == "payload_too_large"
