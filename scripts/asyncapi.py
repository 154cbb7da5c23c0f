"""The AsyncAPI 3.0 document of the whole system, generated from the contracts and the services' queues.

    python scripts/asyncapi.py           # write docs/asyncapi.json
    python scripts/asyncapi.py --check   # fail when docs/asyncapi.json is not what the code says

Every registered message gets a channel (its routing key on the events topic exchange) and a
message whose payload is the envelope around the message's own JSON schema. Every queue a service
binds adds a `receive` operation; every event adds a `send` operation by its producer (the first
part of its type). Addressed keys (`<key>.<audience>`) are channels of their own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic.json_schema import models_json_schema

sys.path.insert(0, str(Path(__file__).parent))

from system import entries

import daikou_contracts.catalogue  # noqa: F401  (registers every message)
from daikou_contracts.message import Command, Envelope, Payload
from daikou_contracts.registry import all_payload_classes
from daikou_kit.topology import (
    H_DEATH_REASON,
    H_EXCEPTION_MESSAGE,
    H_EXCEPTION_TYPE,
    H_FAILED_AT,
    H_ORIGINAL_QUEUE,
    H_ORIGINAL_ROUTING_KEY,
    Names,
)

DOCUMENT = Path(__file__).resolve().parents[1] / "docs" / "asyncapi.json"
NAMES = Names("daikou")
REF = "#/components/schemas/{model}"
AMQP_BINDING_VERSION = "0.3.0"
KIT = "kit"
"""The kit's own facts (`kit.*`) are written by the consumer wiring of every service that consumes."""

Json = dict[str, Any]


@dataclass(frozen=True)
class Binding:
    """One service's queue bound to one routing key for one message class."""

    service: str
    queue: str
    key: str
    payload_type: type[Payload]


def message_id(cls: type[Payload]) -> str:
    """The component name of a message: its routing key."""
    return cls.routing_key()


def bindings() -> list[Binding]:
    """Every (service, queue, key, message) the services declare, read from their wiring."""
    return asyncio.run(_bindings())


async def _bindings() -> list[Binding]:
    found: list[Binding] = []
    for entry in entries():
        service = entry.build()
        try:
            wiring = service.consumers
            for spec in wiring.queues:
                queue = NAMES.queue(entry.name, spec.name)
                found += [
                    Binding(entry.name, queue, sub.key, sub.payload_type)
                    for sub in spec.subscriptions
                ]
        finally:
            await service.engine.dispose()
    return found


def schemas(classes: list[type[Payload]]) -> tuple[dict[str, str], Json]:
    """Each class's schema reference, and every schema (nested models shared) by name."""
    keyed, top = models_json_schema(
        [(Envelope, "validation"), *((cls, "validation") for cls in classes)], ref_template=REF
    )
    refs = {cls.routing_key(): keyed[(cls, "validation")]["$ref"] for cls in classes}
    return refs, dict(sorted(top.get("$defs", {}).items()))


def envelope_of(cls: type[Payload], payload_ref: str) -> Json:
    """The wire form of one message: the envelope with its type, version and payload fixed."""
    return {
        "allOf": [
            {"$ref": REF.format(model="Envelope")},
            {
                "type": "object",
                "properties": {
                    "type": {"const": cls.TYPE},
                    "version": {"const": cls.VERSION},
                    "payload": {"$ref": payload_ref},
                },
            },
        ]
    }


def message(cls: type[Payload], payload_ref: str) -> Json:
    """A message component."""
    kind = "command" if issubclass(cls, Command) else "event"
    return {
        "name": cls.routing_key(),
        "title": f"{cls.__name__} v{cls.VERSION}",
        "summary": (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else "",
        "contentType": "application/json",
        "correlationId": {"location": "$message.payload#/correlation_id"},
        "payload": envelope_of(cls, payload_ref),
        "bindings": {
            "amqp": {
                "contentEncoding": "utf-8",
                "messageType": cls.TYPE,
                "bindingVersion": AMQP_BINDING_VERSION,
            }
        },
        "tags": [{"name": kind}, {"name": cls.TYPE.split(".", 1)[0]}],
    }


def channel(key: str, cls: type[Payload], receivers: list[str]) -> Json:
    """A routing key on the events topic exchange."""
    listeners = ", ".join(receivers) if receivers else "no service binds it"
    return {
        "address": key,
        "title": key,
        "description": f"`{cls.__name__}` v{cls.VERSION}; consumed by: {listeners}.",
        "messages": {message_id(cls): {"$ref": f"#/components/messages/{message_id(cls)}"}},
        "bindings": {
            "amqp": {
                "is": "routingKey",
                "exchange": {
                    "name": NAMES.events,
                    "type": "topic",
                    "durable": True,
                    "autoDelete": False,
                    "vhost": "/",
                },
                "bindingVersion": AMQP_BINDING_VERSION,
            }
        },
    }


def _channel_ref(key: str) -> Json:
    return {"$ref": f"#/channels/{key}"}


def _message_ref(key: str, cls: type[Payload]) -> Json:
    return {"$ref": f"#/channels/{key}/messages/{message_id(cls)}"}


def producers(cls: type[Payload], consuming: list[str]) -> list[str]:
    """Who publishes an event: the first part of its type; the kit's facts, every consuming service."""
    producer = cls.TYPE.split(".", 1)[0]
    return consuming if producer == KIT else [producer]


def operations(
    keys: dict[str, type[Payload]], found: list[Binding]
) -> tuple[Json, dict[str, list[str]]]:
    """Send operations of producers, receive operations of consumers, and who receives each key."""
    ops: Json = {}
    receivers: dict[str, list[str]] = {key: [] for key in keys}
    consuming = sorted({b.service for b in found})
    for key, cls in keys.items():
        if issubclass(cls, Command):
            continue
        for producer in producers(cls, consuming):
            ops[f"{producer}.sends.{key}"] = {
                "action": "send",
                "channel": _channel_ref(key),
                "summary": f"{producer} publishes {cls.__name__} through its outbox.",
                "messages": [_message_ref(key, cls)],
            }
    for b in sorted(found, key=lambda b: (b.key, b.service, b.queue)):
        receivers[b.key].append(f"{b.service} ({b.queue})")
        ops[f"{b.service}.receives.{b.key}"] = {
            "action": "receive",
            "channel": _channel_ref(b.key),
            "summary": f"{b.service} consumes it from its queue `{b.queue}`.",
            "messages": [_message_ref(b.key, b.payload_type)],
            "bindings": {"amqp": {"ack": True, "bindingVersion": AMQP_BINDING_VERSION}},
            "x-daikou-queue": b.queue,
        }
    return ops, receivers


DEAD_LETTER_HEADERS: Json = {
    "type": "object",
    "properties": {
        H_ORIGINAL_QUEUE: {"type": "string", "description": "The queue the message died in."},
        H_ORIGINAL_ROUTING_KEY: {"type": "string", "description": "Its original routing key."},
        H_DEATH_REASON: {"type": "string", "description": "Why it was dead-lettered."},
        H_EXCEPTION_TYPE: {"type": "string", "description": "The handler's exception type."},
        H_EXCEPTION_MESSAGE: {"type": "string", "description": "The handler's exception text."},
        H_FAILED_AT: {"type": "string", "description": "When it failed (ISO 8601)."},
    },
}


def dead_letters() -> tuple[Json, Json, Json]:
    """The dead-letter exchange's channel, its message and the kit's operation."""
    chan = {
        "address": "{queue}",
        "title": "dead letters",
        "description": (
            f"The direct exchange `{NAMES.dead_letters}`, keyed by the queue a message died in; "
            "each service's dead-letter queue `<namespace>.<service>.dead-letters` binds its "
            "queues' names. `daikou-ops dead-letters` lists, replays and purges them."
        ),
        "parameters": {"queue": {"description": "The full name of the queue it died in."}},
        "messages": {"deadLetter": {"$ref": "#/components/messages/deadLetter"}},
        "bindings": {
            "amqp": {
                "is": "routingKey",
                "exchange": {
                    "name": NAMES.dead_letters,
                    "type": "direct",
                    "durable": True,
                    "autoDelete": False,
                    "vhost": "/",
                },
                "bindingVersion": AMQP_BINDING_VERSION,
            }
        },
    }
    msg = {
        "name": "deadLetter",
        "title": "A dead letter",
        "summary": "Any message above, unchanged, with the reason it died in its headers.",
        "contentType": "application/json",
        "headers": DEAD_LETTER_HEADERS,
        "payload": {"$ref": REF.format(model="Envelope")},
    }
    op = {
        "action": "send",
        "channel": {"$ref": "#/channels/deadLetters"},
        "summary": "A consumer dead-letters a message it cannot handle, or once retries are spent.",
        "messages": [{"$ref": "#/channels/deadLetters/messages/deadLetter"}],
    }
    return chan, msg, op


def document(found: list[Binding]) -> Json:
    """The whole AsyncAPI document."""
    classes = [c for c in all_payload_classes() if c.__module__.startswith("daikou_contracts.")]
    refs, components = schemas(classes)
    keys: dict[str, type[Payload]] = {cls.routing_key(): cls for cls in classes}
    keys |= {b.key: b.payload_type for b in found}
    ops, receivers = operations(dict(sorted(keys.items())), found)
    chan, dead_msg, dead_op = dead_letters()
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Daikou messages",
            "version": "1.0.0",
            "description": (
                "Every event and command the Daikou services exchange over RabbitMQ. Each goes "
                f"through the topic exchange `{NAMES.events}` (`<namespace>.events`) with the "
                "routing key `<producer>.<fact>.v<version>`, as a JSON envelope "
                "(id, type, version, time, correlation) around the message's payload. "
                "Generated by `scripts/asyncapi.py` from the contracts and the services' queues."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "broker": {
                "host": "127.0.0.1:5672",
                "protocol": "amqp",
                "protocolVersion": "0.9.1",
                "description": "RabbitMQ (quorum queues, publisher confirms).",
            }
        },
        "channels": {
            **{key: channel(key, cls, receivers[key]) for key, cls in sorted(keys.items())},
            "deadLetters": chan,
        },
        "operations": {**ops, "kit.deadLetters": dead_op},
        "components": {
            "schemas": components,
            "messages": {
                **{message_id(cls): message(cls, refs[cls.routing_key()]) for cls in classes},
                "deadLetter": dead_msg,
            },
        },
    }


def render(doc: Json) -> str:
    """The document as committed."""
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main() -> int:
    """Write the document, or with --check say whether the committed one is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--output", type=Path, default=DOCUMENT)
    args = parser.parse_args()
    text = render(document(bindings()))
    if args.check:
        if not args.output.exists() or args.output.read_text() != text:
            print(f"{args.output} is stale: run `make asyncapi` and commit it")
            return 1
        print(f"{args.output} is current")
        return 0
    args.output.write_text(text)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
