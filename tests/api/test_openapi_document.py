"""The OpenAPI document that clients generate code from: every operation lists every status it
answers; every answer has its schema and an example, and each example is valid by its schema."""

from __future__ import annotations

import json

import jsonschema_rs
import pytest

from ledger.app import create_app

PROBLEM = "application/problem+json"
JSON = "application/json"
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def document() -> dict:
    # The document is built from the routes alone: no database is reached.
    return create_app("postgresql://nobody@127.0.0.1:1/none").openapi_schema.to_schema()


def _operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _examples(media: dict) -> list:
    if "example" in media:
        return [media["example"]]
    return [example["value"] for example in (media.get("examples") or {}).values()]


def test_every_operation_lists_every_status_it_answers_with_the_problem_schema(document) -> None:
    operations = _operations(document)
    assert len(operations) > 70
    for method, path, operation in operations:
        name = f"{method} {path}"
        statuses = set(operation["responses"])
        if path == "/healthz":
            continue
        # Everything else reads the database: 503 while it cannot be reached.
        assert "503" in statuses, name
        if path.startswith("/api/v1/communities/"):
            assert {"400", "401", "403", "404"} <= statuses, name
        if operation.get("requestBody") and method != "GET":
            assert "413" in statuses, name
        for status, response in operation["responses"].items():
            if status.startswith("2"):
                continue
            content = response["content"]
            assert list(content) == [PROBLEM], (name, status)
            assert content[PROBLEM]["schema"]["$ref"] == "#/components/schemas/Problem", (name, status)
            (example,) = content[PROBLEM]["examples"].values()
            assert example["value"]["status"] == int(status), (name, status)


def test_every_answer_has_a_schema_and_an_example_valid_by_it(document) -> None:
    components = {"components": document["components"]}
    unexampled = []
    checked = 0
    for method, path, operation in _operations(document):
        for status, response in operation["responses"].items():
            for media_type, media in (response.get("content") or {}).items():
                assert "schema" in media, (method, path, status, media_type)
                if media_type not in (JSON, PROBLEM):
                    continue  # a spreadsheet, a photo, a page: the schema says binary or text
                examples = _examples(media)
                if not examples:
                    unexampled.append(f"{method} {path} {status}")
                    continue
                validator = jsonschema_rs.validator_for({**media["schema"], **components})
                for example in examples:
                    errors = [error.message for error in validator.iter_errors(example)]
                    assert not errors, (method, path, status, json.dumps(example, ensure_ascii=False), errors)
                    checked += 1
    assert unexampled == []
    assert checked > 300


def test_a_json_answer_is_described_by_its_own_shape_not_a_bare_object(document) -> None:
    # A shape named in components says which fields come back; `{"type": "object"}` says nothing.
    for method, path, operation in _operations(document):
        for status, response in operation["responses"].items():
            media = (response.get("content") or {}).get(JSON)
            if not status.startswith("2") or media is None:
                continue
            schema = media["schema"]
            named = schema.get("$ref") or schema.get("items", {}).get("$ref")
            assert named, (method, path, status, schema)


def test_answers_that_are_not_json_are_declared_as_what_they_are(document) -> None:
    roster = document["paths"]["/api/v1/communities/{community_id}/households/roster.xlsx"]["get"]
    assert list(roster["responses"]["200"]["content"]) == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ]
    board = document["paths"]["/api/v1/boards/{community_id}/{colour}/{month}"]["get"]
    assert set(board["responses"]["200"]["content"]) == {
        JSON,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert set(board["responses"]) >= {"200", "400", "404", "429", "503"}
