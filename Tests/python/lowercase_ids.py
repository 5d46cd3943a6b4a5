#!/usr/bin/python3
"""A client's view of identifiers, as a new user would try it from Python.

Sends commands to the real workers with lowercase ids (and one with UPPERCASE
ids in its envelope and data), reads the answers from batbern.events and
compares ids by plain string equality, as most clients do:

- an answer's causationId is the id of the command it answers;
- every message of the conversation carries the correlationId that was sent;
- every id the client sent comes back in the answers' data as its lowercase form;
- every UUID-shaped string in every answer (envelope, data, rejection text) is lowercase.

Usage: lowercase_ids.py AMQP_URL   (the URL names the vhost the workers run in)
Exits 0 when every answer matches, 1 with the list of mismatches otherwise.
Needs pika (Debian: python3-pika).
"""

import json
import re
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

import pika

UUID_SHAPED = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
WAIT_SECONDS = 90

problems = []


def new_id():
    return str(uuid.uuid4())  # Python writes UUIDs in lowercase


def timestamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


class Bus:
    """A connection that sends commands and records everything on batbern.events."""

    def __init__(self, url):
        self.connection = pika.BlockingConnection(pika.URLParameters(url))
        self.channel = self.connection.channel()
        queue = self.channel.queue_declare(queue="", exclusive=True, auto_delete=True).method.queue
        self.channel.queue_bind(queue=queue, exchange="batbern.events", routing_key="#")
        self.channel.basic_consume(queue=queue, on_message_callback=self._received, auto_ack=True)
        self.seen = []  # (routing key, raw body text, parsed body)

    def _received(self, channel, method, properties, body):
        text = body.decode("utf-8")
        self.seen.append((method.routing_key, text, json.loads(text)))

    def send(self, routing_key, data, command_id=None, correlation_id=None, aggregate_id=None):
        """Publishes a command; returns its envelope as sent."""
        command_id = command_id or new_id()
        envelope = {
            "id": command_id,
            "aggregateId": aggregate_id or new_id(),
            "aggregateType": routing_key.split(".")[0],
            "eventType": routing_key.split(".")[1],
            "eventVersion": 1,
            "occurredAt": timestamp(datetime.now(timezone.utc)),
            "data": data,
            "correlationId": correlation_id or command_id,
        }
        self.channel.basic_publish(
            exchange="batbern.commands",
            routing_key=routing_key,
            body=json.dumps(envelope),
            properties=pika.BasicProperties(
                content_type="application/json", delivery_mode=2, message_id=command_id,
                correlation_id=envelope["correlationId"], type=envelope["eventType"],
            ),
        )
        return envelope

    def wait(self, what, condition, explain=lambda: "", seconds=WAIT_SECONDS):
        """Reads the bus until condition() returns something truthy; returns it."""
        deadline = time.monotonic() + seconds
        while True:
            found = condition()
            if found:
                return found
            if time.monotonic() > deadline:
                report_and_exit("timed out after %ss waiting for %s%s" % (seconds, what, explain()))
            self.connection.process_data_events(time_limit=0.2)

    def answers(self, command, expected):
        """The messages caused by a command (causationId == the id sent, as strings), once
        every expected type or a CommandRejected is among them."""
        sent_id = command["id"].lower()
        def caused():
            found = [body for (_, _, body) in self.seen if body.get("causationId") == sent_id]
            types = {body["eventType"] for body in found}
            return found if set(expected) <= types or "CommandRejected" in types else None
        def explain():
            near = [text for (_, text, body) in self.seen if str(body.get("causationId")).lower() == sent_id]
            return "; compared case-insensitively, these would have matched: %s" % near if near else ""
        return self.wait("%s in answer to %s %s" % (expected, command["eventType"], sent_id), caused, explain)

    def conversation(self, correlation_id):
        return [body for (_, _, body) in self.seen if body.get("correlationId") == correlation_id.lower()]


def ask(bus, command, expected):
    """Waits for a command's answers and checks them; returns them."""
    answers = bus.answers(command, expected)
    check_answers(command, answers, expected)
    return answers


def check_answers(command, answers, expected_types):
    """What a client relying on string equality needs from every answer."""
    label = "%s %s" % (command["eventType"], command["id"])
    types = [answer["eventType"] for answer in answers]
    for expected in expected_types:
        if expected not in types:
            problems.append("%s: expected %s among the answers, got %s: %s" % (label, expected, types, answers))
    for answer in answers:
        if answer["causationId"] != command["id"].lower():
            problems.append("%s: causationId %s != the command id" % (label, answer["causationId"]))
        if answer["correlationId"] != command["correlationId"].lower():
            problems.append("%s: correlationId %s != %s" % (label, answer["correlationId"], command["correlationId"].lower()))
        check_sent_ids(label, command, answer)


def check_sent_ids(label, command, answer):
    """Every id the command carried comes back, where the answer names it, as the same lowercase string."""
    for key, value in command["data"].items():
        if isinstance(value, str) and UUID_SHAPED.fullmatch(value) and key in answer["data"]:
            if answer["data"][key] != value.lower():
                problems.append("%s: %s.%s is %s, sent %s" % (label, answer["eventType"], key, answer["data"][key], value))


def check_everything_lowercase(bus):
    for routing_key, text, _ in bus.seen:
        for match in UUID_SHAPED.findall(text):
            if match != match.lower():
                problems.append("%s carries an uppercase id %s: %s" % (routing_key, match, text))


def report_and_exit(failure=None):
    if failure:
        problems.append(failure)
    if problems:
        print("%d mismatch(es):" % len(problems))
        for problem in problems:
            print(" - " + problem)
        sys.exit(1)
    print("every answer matched by string equality")
    sys.exit(0)


def main(url):
    bus = Bus(url)
    now = datetime.now(timezone.utc)
    event_date = now + timedelta(days=40)

    # companies
    company_id = new_id()
    create_company = bus.send("companies.CreateCompany", {
        "companyId": company_id, "name": "Lowercase AG", "displayName": "Lowercase", "industry": "Software",
        "employeeCount": 12, "createdBy": new_id(),
    }, aggregate_id=company_id)
    ask(bus, create_company, ["CompanyCreated"])

    # events: an event and a session
    event_id = new_id()
    create_event = bus.send("events.CreateEvent", {
        "eventId": event_id, "eventNumber": 4242, "title": "BATbern 42", "eventDate": timestamp(event_date),
        "registrationDeadline": timestamp(event_date - timedelta(days=7)), "venueName": "Kursaal",
        "venueAddress": "Kornhausstrasse 3, Bern", "venueCapacity": 50, "organizerId": new_id(),
    }, aggregate_id=event_id)
    ask(bus, create_event, ["EventCreated"])

    session_id = new_id()
    schedule = bus.send("events.ScheduleSession", {
        "sessionId": session_id, "eventId": event_id, "title": "Keynote", "sessionType": "keynote",
        "startTime": timestamp(event_date), "endTime": timestamp(event_date + timedelta(hours=1)),
    }, aggregate_id=session_id)
    ask(bus, schedule, ["SessionScheduled"])

    # A rejection names the unknown id the way it was sent, in lowercase.
    unknown_event = new_id().upper()
    rejected = bus.send("events.ScheduleSession", {
        "eventId": unknown_event, "title": "Nowhere", "sessionType": "keynote",
        "startTime": timestamp(event_date), "endTime": timestamp(event_date + timedelta(hours=1)),
    })
    answer = ask(bus, rejected, ["CommandRejected"])
    if unknown_event.lower() not in answer[0]["data"].get("message", ""):
        problems.append("the rejection does not name %s: %s" % (unknown_event.lower(), answer[0]["data"]))

    # speakers: register, invite (once speakers has heard of the session), accept
    speaker_id = new_id()
    register_speaker = bus.send("speakers.RegisterSpeaker", {
        "speakerId": speaker_id, "email": "ada-%s@example.ch" % speaker_id[:8], "firstName": "Ada",
        "lastName": "Lovelace", "companyId": company_id,
    }, aggregate_id=speaker_id)
    ask(bus, register_speaker, ["SpeakerRegistered"])

    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        invite = bus.send("speakers.InviteSpeaker", {
            "speakerId": speaker_id, "sessionId": session_id, "role": "primary_speaker",
        })
        answer = bus.answers(invite, ["SpeakerInvited"])
        if all(a["eventType"] != "CommandRejected" for a in answer) or time.monotonic() > deadline:
            break
        time.sleep(0.2)  # speakers has not read events.SessionScheduled yet: ask again
    check_answers(invite, answer, ["SpeakerInvited"])
    invited = [a for a in answer if a["eventType"] == "SpeakerInvited"]

    accept = bus.send("speakers.RespondToInvitation", {
        "speakerId": speaker_id, "sessionId": session_id, "response": "accept",
    })
    answer = ask(bus, accept, ["SpeakerConfirmed"])
    confirmed = [a for a in answer if a["eventType"] == "SpeakerConfirmed"]
    if invited and confirmed and invited[0]["aggregateId"] != confirmed[0]["aggregateId"]:
        problems.append("one invitation, two aggregates: SpeakerInvited %s, SpeakerConfirmed %s"
                        % (invited[0]["aggregateId"], confirmed[0]["aggregateId"]))

    # events reacts to the confirmation in the same conversation: agenda_draft.
    bus.wait("EventStatusChanged to agenda_draft", lambda: [
        body for body in bus.conversation(accept["correlationId"])
        if body["eventType"] == "EventStatusChanged" and body["data"].get("eventId") == event_id
    ])
    for status in ["published", "registration_open"]:
        change = bus.send("events.ChangeEventStatus", {"eventId": event_id, "status": status}, aggregate_id=event_id)
        ask(bus, change, ["EventStatusChanged"])

    # attendees: one registration with lowercase ids, one with UPPERCASE ids
    # everywhere (envelope id, correlationId, aggregateId, data): the answers
    # must come back in lowercase all the same.
    for shout in [False, True]:
        case = str.upper if shout else str
        command_id = new_id()
        register = bus.send("attendees.RegisterAttendee", {
            "eventId": case(event_id), "email": "grace-%s@example.ch" % command_id[:8], "firstName": "Grace",
            "lastName": "Hopper", "companyId": case(company_id), "gdprConsent": True,
        }, command_id=case(command_id), correlation_id=case(new_id()), aggregate_id=case(event_id))
        expected = ["AttendeeRegistered", "RegistrationRequested"]
        ask(bus, register, expected)
        # The saga goes on in the same conversation: a seat, then the confirmation.
        bus.wait("RegistrationConfirmed of %s" % command_id, lambda: [
            body for body in bus.conversation(register["correlationId"]) if body["eventType"] == "RegistrationConfirmed"
        ])
        for body in bus.conversation(register["correlationId"]):
            check_sent_ids("RegisterAttendee conversation", register, body)

    bus.connection.process_data_events(time_limit=0.5)  # whatever else is in flight
    check_everything_lowercase(bus)
    bus.connection.close()

    print("%d messages read from batbern.events" % len(bus.seen))
    report_and_exit()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
