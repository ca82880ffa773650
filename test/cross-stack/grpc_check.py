#!/usr/bin/env python3
"""Checks Cordon's gRPC services from another stack, as a platform team's grpcurl or Postman would.

Needs only Python 3 with grpcio and protobuf (Debian: apt-get install python3-grpcio python3-protobuf); it
knows no Cordon schema. For each target (host:port) it:

  1. lists the services by server reflection, over grpc.reflection.v1 and v1alpha (both must agree);
  2. fetches the file of every service and, by file name, every file it declares as a dependency, and links
     them all into one strict descriptor pool (an undeclared dependency, a missing file or a type that does not
     resolve fails here);
  3. calls one method of every service with a valid request (built with the proto field names) and checks the
     answer, then with an invalid request and checks the status code and the google.rpc.Status details in
     `grpc-status-details-bin`: a google.rpc.BadRequest naming every invalid field.

Usage (against `npm start`; case-management needs a token):
    python3 test/cross-stack/grpc_check.py 127.0.0.1:50051 127.0.0.1:50052 127.0.0.1:50053 127.0.0.1:50054 \
        -H "authorization: Bearer $(npx cordon token --user alice --keys .cordon/auth)"
Prints one line per check, then (with --json) one JSON summary line; exits 1 when any check fails.

One call, grpcurl style (JSON with proto field names in, JSON out; on failure the status and its details):
    python3 test/cross-stack/grpc_check.py call 127.0.0.1:50053 cordon.screening.v1.ScreeningService/ScreenAddress \
        '{"request_id": "r-1", "ticker": "ETH", "address": "0x1111111111111111111111111111111111111111"}'
"""

import argparse
import json
import sys
import time
import uuid

try:
    import grpc
    from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, json_format, message_factory, text_format
except ImportError as missing:  # pragma: no cover - reported to the caller
    sys.stderr.write(
        f"grpc_check: {missing}. Needs Python 3 with grpcio and protobuf "
        "(Debian: apt-get install python3-grpcio python3-protobuf).\n"
    )
    sys.exit(3)

# ---------------------------------------------------------------------------------------------------------------
# The public protocol messages the client needs, written from their published .proto files (only the fields
# used; unknown fields are skipped on decode): grpc/reflection/v1/reflection.proto (v1alpha is the same under
# another package), google/rpc/status.proto and google/rpc/error_details.proto.

REFLECTION_PROTO = """
syntax: "proto3"
message_type {
  name: "ServerReflectionRequest"
  field { name: "host" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "file_by_filename" number: 3 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
  field { name: "file_containing_symbol" number: 4 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
  field { name: "list_services" number: 7 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
  oneof_decl { name: "message_request" }
}
message_type {
  name: "ServerReflectionResponse"
  field { name: "valid_host" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "file_descriptor_response" number: 4 label: LABEL_OPTIONAL type: TYPE_MESSAGE
          type_name: "FileDescriptorResponse" oneof_index: 0 }
  field { name: "list_services_response" number: 6 label: LABEL_OPTIONAL type: TYPE_MESSAGE
          type_name: "ListServiceResponse" oneof_index: 0 }
  field { name: "error_response" number: 7 label: LABEL_OPTIONAL type: TYPE_MESSAGE
          type_name: "ErrorResponse" oneof_index: 0 }
  oneof_decl { name: "message_response" }
}
message_type {
  name: "FileDescriptorResponse"
  field { name: "file_descriptor_proto" number: 1 label: LABEL_REPEATED type: TYPE_BYTES }
}
message_type {
  name: "ListServiceResponse"
  field { name: "service" number: 1 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: "ServiceResponse" }
}
message_type {
  name: "ServiceResponse"
  field { name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
}
message_type {
  name: "ErrorResponse"
  field { name: "error_code" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 }
  field { name: "error_message" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
}
"""

RPC_PROTO = """
name: "google/rpc/status_and_details.proto"
package: "google.rpc"
dependency: "google/protobuf/any.proto"
syntax: "proto3"
message_type {
  name: "Status"
  field { name: "code" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 }
  field { name: "message" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "details" number: 3 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".google.protobuf.Any" }
}
message_type {
  name: "BadRequest"
  field { name: "field_violations" number: 1 label: LABEL_REPEATED type: TYPE_MESSAGE
          type_name: ".google.rpc.BadRequest.FieldViolation" }
  nested_type {
    name: "FieldViolation"
    field { name: "field" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
    field { name: "description" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
    field { name: "reason" number: 3 label: LABEL_OPTIONAL type: TYPE_STRING }
  }
}
message_type {
  name: "ErrorInfo"
  field { name: "reason" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "domain" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
}
"""

STATUS_DETAILS_TRAILER = "grpc-status-details-bin"
BAD_REQUEST_URL = "type.googleapis.com/google.rpc.BadRequest"
ERROR_INFO_URL = "type.googleapis.com/google.rpc.ErrorInfo"


def message_class(descriptor):
    """The message class of a descriptor, on both the protobuf 3.20+ and 4.x/5.x APIs."""
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(descriptor.file.pool).GetPrototype(descriptor)


def own_pool():
    """A pool holding the client's protocol messages (reflection v1 and v1alpha, google.rpc)."""
    pool = descriptor_pool.DescriptorPool()
    pool.AddSerializedFile(any_pb2.DESCRIPTOR.serialized_pb)
    for package in ("grpc.reflection.v1", "grpc.reflection.v1alpha"):
        file = text_format.Parse(REFLECTION_PROTO, descriptor_pb2.FileDescriptorProto())
        file.name = package.replace(".", "/") + "/reflection.proto"
        file.package = package
        pool.AddSerializedFile(file.SerializeToString())
    pool.AddSerializedFile(text_format.Parse(RPC_PROTO, descriptor_pb2.FileDescriptorProto()).SerializeToString())
    return pool


OWN = own_pool()
STATUS = message_class(OWN.FindMessageTypeByName("google.rpc.Status"))
BAD_REQUEST = message_class(OWN.FindMessageTypeByName("google.rpc.BadRequest"))
ERROR_INFO = message_class(OWN.FindMessageTypeByName("google.rpc.ErrorInfo"))


class CheckFailed(Exception):
    """One check did not hold."""


# ---------------------------------------------------------------------------------------------------------------
# Reflection


class Reflection:
    """One reflection version (`grpc.reflection.v1` or `grpc.reflection.v1alpha`) on a channel."""

    def __init__(self, channel, package, timeout):
        self.package = package
        self.timeout = timeout
        self.request_class = message_class(OWN.FindMessageTypeByName(f"{package}.ServerReflectionRequest"))
        response_class = message_class(OWN.FindMessageTypeByName(f"{package}.ServerReflectionResponse"))
        self.call = channel.stream_stream(
            f"/{package}.ServerReflection/ServerReflectionInfo",
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=response_class.FromString,
        )

    def ask(self, **request):
        """One request on its own stream; the response, or CheckFailed naming the status."""
        try:
            responses = list(self.call(iter([self.request_class(**request)]), timeout=self.timeout))
        except grpc.RpcError as error:
            raise CheckFailed(f"{self.package}: {error.code().name}: {error.details()}") from None
        if len(responses) != 1:
            raise CheckFailed(f"{self.package}: {len(responses)} responses to one request")
        response = responses[0]
        if response.WhichOneof("message_response") == "error_response":
            err = response.error_response
            raise CheckFailed(f"{self.package}: {request}: error {err.error_code}: {err.error_message}")
        return response

    def services(self):
        return sorted(s.name for s in self.ask(list_services="*").list_services_response.service)

    def files(self, **request):
        """The FileDescriptorProtos of one file_by_filename / file_containing_symbol answer."""
        raw = self.ask(**request).file_descriptor_response.file_descriptor_proto
        return [descriptor_pb2.FileDescriptorProto.FromString(b) for b in raw]


def linked_pool(reflection, services):
    """Fetches the files of `services` and of their declared dependencies and links them into one pool."""
    files = {}
    for service in services:
        for file in reflection.files(file_containing_symbol=service):
            files.setdefault(file.name, file)
    # Follow declared dependencies the server did not send along, by file name, as grpcurl does.
    pending = [dep for f in list(files.values()) for dep in f.dependency if dep not in files]
    while pending:
        name = pending.pop()
        if name in files:
            continue
        fetched = reflection.files(file_by_filename=name)
        if not any(f.name == name for f in fetched):
            raise CheckFailed(f"file_by_filename({name}) did not return {name}")
        for file in fetched:
            if file.name not in files:
                files[file.name] = file
                pending.extend(dep for dep in file.dependency if dep not in files)

    pool = descriptor_pool.DescriptorPool()
    added = set()

    def add(name, chain):
        if name in added:
            return
        if name in chain:
            raise CheckFailed(f"dependency cycle: {' -> '.join(chain + [name])}")
        for dep in files[name].dependency:
            add(dep, chain + [name])
        try:
            pool.AddSerializedFile(files[name].SerializeToString())
            pool.FindFileByName(name)
        except Exception as error:  # the pool's own message says what does not link
            raise CheckFailed(f"{name} does not link: {error}") from None
        added.add(name)

    for name in sorted(files):
        add(name, [])
    for service in services:
        pool.FindServiceByName(service)
    return pool, sorted(files)


# ---------------------------------------------------------------------------------------------------------------
# Calls


def build(message, values):
    """Fills `message` from a dict keyed by proto field names (snake_case); enums by value name."""
    for name, value in values.items():
        field = message.DESCRIPTOR.fields_by_name.get(name)
        if field is None:
            raise CheckFailed(f"{message.DESCRIPTOR.full_name} has no field named {name!r}")
        if field.message_type is not None and field.message_type.full_name == "google.protobuf.Timestamp":
            getattr(message, name).seconds = int(value)
        elif field.message_type is not None:
            build(getattr(message, name), value)
        elif field.enum_type is not None:
            setattr(message, name, field.enum_type.values_by_name[value].number)
        elif field.label == field.LABEL_REPEATED:
            getattr(message, name).extend(value)
        else:
            setattr(message, name, value)
    return message


def as_dict(message):
    return json_format.MessageToDict(message, preserving_proto_field_name=True)


def invoke(channel, pool, method_name, values, timeout, metadata=(), request=None):
    """Calls a unary method; returns ("ok", response dict) or ("error", code, details, trailers)."""
    method = pool.FindMethodByName(method_name)
    if request is None:
        request = build(message_class(method.input_type)(), values)
    response_class = message_class(method.output_type)
    call = channel.unary_unary(
        f"/{method.containing_service.full_name}/{method.name}",
        request_serializer=lambda m: m.SerializeToString(),
        response_deserializer=response_class.FromString,
    )
    try:
        return ("ok", as_dict(call(request, timeout=timeout, metadata=metadata)))
    except grpc.RpcError as error:
        return ("error", error.code(), error.details(), dict(error.trailing_metadata() or ()))


def rich_status(code, details, trailers):
    """The google.rpc.Status of a failed call, checked against the call's status, with its BadRequest fields."""
    raw = trailers.get(STATUS_DETAILS_TRAILER)
    if raw is None:
        raise CheckFailed(f"{code.name} without {STATUS_DETAILS_TRAILER}")
    status = STATUS.FromString(raw)
    if status.code != code.value[0] or status.message != details:
        raise CheckFailed(f"google.rpc.Status says {status.code} {status.message!r}, the call {code.name} {details!r}")
    violations = []
    decoded = []
    for detail in status.details:
        known = {BAD_REQUEST_URL: BAD_REQUEST, ERROR_INFO_URL: ERROR_INFO}.get(detail.type_url)
        if known is None:
            decoded.append({"@type": detail.type_url})
            continue
        message = known.FromString(detail.value)
        decoded.append({"@type": detail.type_url, **as_dict(message)})
        if detail.type_url == BAD_REQUEST_URL:
            violations.extend(
                {"field": v.field, "reason": v.reason, "description": v.description} for v in message.field_violations
            )
    return {
        "code": code.name,
        "message": status.message,
        "type_urls": [d.type_url for d in status.details],
        "details": decoded,
        "violations": violations,
    }


def expect(condition, what):
    if not condition:
        raise CheckFailed(what)


def check_answer(kind, result, predicate, description):
    if result[0] != "ok":
        raise CheckFailed(f"{kind} request failed: {result[1].name}: {result[2]}")
    expect(predicate(result[1]), f"{kind} request: expected {description}, got {json.dumps(result[1])[:400]}")
    return result[1]


def check_rejection(result, code, fields):
    if result[0] == "ok":
        raise CheckFailed(f"invalid request answered OK: {json.dumps(result[1])[:400]}")
    _, actual, details, trailers = result
    expect(actual == code, f"invalid request: expected {code.name}, got {actual.name}: {details}")
    status = rich_status(actual, details, trailers)
    named = [v["field"] for v in status["violations"]]
    expect(BAD_REQUEST_URL in status["type_urls"], f"no google.rpc.BadRequest in the details: {status['type_urls']}")
    expect(
        all(field in named for field in fields), f"expected violations of {fields}, the BadRequest names {named}"
    )
    expect(all(v["reason"] and v["description"] for v in status["violations"]), "a violation without reason/text")
    return status


def now():
    return int(time.time())


# One method per service: a valid request and what its answer must show, an invalid one and the fields its
# google.rpc.BadRequest must name. A service listed by reflection without an entry here fails the run.
CHECKS = {
    "cordon.withdrawals.v1.IngestService": {
        "method": "cordon.withdrawals.v1.IngestService.SubmitWithdrawal",
        "valid": lambda run: {
            "submission": {
                "idempotency_key": f"cross-stack-{run}",
                "withdrawal_id": f"wd-cross-stack-{run}",
                "customer": {
                    "customer_ref": f"cust-cross-stack-{run}",
                    "type": "PARTY_TYPE_INDIVIDUAL",
                    "full_name": "Emma Johansson",
                },
                "chain": "ETH",
                "amount": {"asset": "USDT", "amount_decimal": "12.50"},
                "destination_address": "0x8589427373D6D84E98730D7795D8f6f8731FDA16",
                "requested_at": now() - 60,
            }
        },
        "answer": (lambda r: r.get("status") == "SUBMISSION_STATUS_ACCEPTED", "status SUBMISSION_STATUS_ACCEPTED"),
        "invalid": lambda run: {
            "submission": {
                "idempotency_key": f"cross-stack-bad-{run}",
                "withdrawal_id": f"wd-cross-stack-bad-{run}",
                "customer": {"customer_ref": f"cust-{run}", "type": "PARTY_TYPE_INDIVIDUAL", "full_name": "Emma\x07"},
                "chain": "ETH",
                "amount": {"asset": "USDT", "amount_decimal": "-3"},
                # One letter's case changed: the EIP-55 checksum no longer holds.
                "destination_address": "0x8589427373d6D84E98730D7795D8f6f8731FDA16",
                "requested_at": now() - 60,
            }
        },
        "rejected": (
            grpc.StatusCode.INVALID_ARGUMENT,
            ["submission.destination_address", "submission.amount.amount_decimal", "submission.customer.full_name"],
        ),
    },
    "cordon.sanctions.v1.ListSyncService": {
        "method": "cordon.sanctions.v1.ListSyncService.TriggerSync",
        "valid": lambda run: {"source": "LIST_SOURCE_OFAC_SDN"},
        "answer": (lambda r: r.get("outcome", "").startswith("SYNC_OUTCOME_"), "a sync outcome"),
        "invalid": lambda run: {},
        "rejected": (grpc.StatusCode.INVALID_ARGUMENT, ["source"]),
    },
    "cordon.screening.v1.ScreeningService": {
        "method": "cordon.screening.v1.ScreeningService.ScreenAddress",
        "valid": lambda run: {
            "request_id": f"cross-stack-{run}",
            "ticker": "ETH",
            "address": "0x1111111111111111111111111111111111111111",
        },
        "answer": (
            lambda r: r.get("decision", {}).get("outcome") == "DECISION_OUTCOME_ALLOW"
            and r["decision"].get("request_id", "").startswith("cross-stack-")
            and len(r["decision"].get("decision_hash", "")) > 0,
            "an ALLOW decision echoing the request id, with its hash",
        ),
        "invalid": lambda run: {"request_id": "", "ticker": "ETH", "address": ""},
        "rejected": (grpc.StatusCode.INVALID_ARGUMENT, ["request_id", "address"]),
    },
    # Needs a bearer token of a case reader: pass -H "authorization: Bearer $(npx cordon token --user alice)".
    "cordon.cases.v1.CaseService": {
        "method": "cordon.cases.v1.CaseService.ListCases",
        "valid": lambda run: {"page_size": 10, "customer_ref": f"cust-cross-stack-{run}"},
        "answer": (lambda r: isinstance(r.get("cases", []), list), "a page of cases"),
        "invalid": lambda run: {"page_size": 1000},
        "rejected": (grpc.StatusCode.INVALID_ARGUMENT, ["page_size"]),
    },
}


def check_target(target, timeout, run, metadata=()):
    """Every check on one host:port; the summary of what was found and what failed."""
    summary = {"target": target, "services": [], "files": [], "calls": [], "failures": []}

    def step(name, action):
        try:
            result = action()
            print(f"ok    {target} {name}")
            return result
        except CheckFailed as failure:
            summary["failures"].append(f"{name}: {failure}")
            print(f"FAIL  {target} {name}: {failure}")
            return None

    with grpc.insecure_channel(target) as channel:
        try:
            grpc.channel_ready_future(channel).result(timeout=timeout)
        except grpc.FutureTimeoutError:
            summary["failures"].append("unreachable")
            print(f"FAIL  {target} unreachable after {timeout}s")
            return summary
        v1 = Reflection(channel, "grpc.reflection.v1", timeout)
        v1alpha = Reflection(channel, "grpc.reflection.v1alpha", timeout)
        services = step("reflection v1 lists services", v1.services)
        alpha = step("reflection v1alpha lists services", v1alpha.services)
        if services is None:
            return summary
        summary["services"] = services
        if alpha is not None and alpha != services:
            step("v1 and v1alpha agree", lambda: expect(False, f"v1 lists {services}, v1alpha {alpha}"))
        linked = step("every file links into one descriptor pool", lambda: linked_pool(v1, services))
        if linked is not None:
            step(
                "v1alpha serves the same files",
                lambda: expect(linked_pool(v1alpha, services)[1] == linked[1], "v1alpha serves other files"),
            )
        if linked is None:
            return summary
        pool, files = linked
        summary["files"] = files
        for service in services:
            spec = CHECKS.get(service)
            if spec is None:
                step(service, lambda: expect(False, "no check for this service: add one to CHECKS"))
                continue
            method = spec["method"]
            short = method.rsplit(".", 1)[1]

            def valid():
                result = invoke(channel, pool, method, spec["valid"](run), timeout, metadata)
                check_answer("valid", result, *spec["answer"])
                summary["calls"].append({"method": method, "kind": "valid", "result": "OK"})

            def invalid():
                result = invoke(channel, pool, method, spec["invalid"](run), timeout, metadata)
                status = check_rejection(result, *spec["rejected"])
                violations = [v["field"] for v in status["violations"]]
                summary["calls"].append(
                    {"method": method, "kind": "invalid", "result": status["code"], "violations": violations}
                )

            step(f"{short} valid", valid)
            step(f"{short} invalid -> {spec['rejected'][0].name} with BadRequest", invalid)
    return summary


def call_command(target, method_path, body, timeout, metadata):
    """One unary call by reflection only, grpcurl style; 0 when it succeeds."""
    service, _, name = method_path.partition("/")
    with grpc.insecure_channel(target) as channel:
        try:
            pool, _ = linked_pool(Reflection(channel, "grpc.reflection.v1", timeout), [service])
            method = pool.FindMethodByName(f"{service}.{name}")
            request = json_format.Parse(body, message_class(method.input_type)())
        except (CheckFailed, KeyError, json_format.ParseError) as error:
            sys.stderr.write(f"grpc_check: {error}\n")
            return 2
        result = invoke(channel, pool, f"{service}.{name}", None, timeout, metadata, request)
    if result[0] == "ok":
        print(json.dumps(result[1], indent=2))
        return 0
    _, code, details, trailers = result
    print(f"ERROR:\n  Code: {code.name}\n  Message: {details}")
    if STATUS_DETAILS_TRAILER in trailers:
        for i, detail in enumerate(rich_status(code, details, trailers)["details"], 1):
            print(f"  Details {i}) {json.dumps(detail)}")
    return 1


def headers(values):
    """`name: value` strings as gRPC metadata."""
    return [tuple(part.strip() for part in value.split(":", 1)) for value in values]


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "call":
        parser = argparse.ArgumentParser(prog="grpc_check.py call", description="One unary call by reflection.")
        parser.add_argument("target", help="host:port (plaintext)")
        parser.add_argument("method", help="package.Service/Method")
        parser.add_argument("body", nargs="?", default="{}", help="the request as JSON (default {})")
        parser.add_argument("-H", "--header", action="append", default=[], help="'name: value' metadata")
        parser.add_argument("--timeout", type=float, default=60.0)
        args = parser.parse_args(sys.argv[2:])
        return call_command(args.target, args.method, args.body, args.timeout, headers(args.header))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="+", help="host:port of a gRPC server (plaintext)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per call (default 60)")
    parser.add_argument("--json", action="store_true", help="print a JSON summary line last")
    parser.add_argument("-H", "--header", action="append", default=[], help="'name: value' metadata on the calls")
    args = parser.parse_args()
    run = uuid.uuid4().hex[:12]
    summaries = [check_target(target, args.timeout, run, headers(args.header)) for target in args.targets]
    failed = sum(len(s["failures"]) for s in summaries)
    print(f"grpc_check: {len(summaries)} targets, {failed} failed checks")
    if args.json:
        print(json.dumps({"targets": summaries}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
