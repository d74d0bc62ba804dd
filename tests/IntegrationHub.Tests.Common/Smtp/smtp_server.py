#!/usr/bin/python3
"""A real SMTP server for tests (Debian's python3-aiosmtpd): STARTTLS or implicit TLS, AUTH PLAIN/LOGIN/XOAUTH2,
127.0.0.1 only.

Every accepted message is written to the mail folder twice: the raw bytes (<n>.eml) and what Python's own e-mail
parser makes of them (<n>.json: from, to, subject, body, the connection it came on), so the tests check the client's
MIME with an independent decoder. connections.json, beside the mail folder, counts the connections opened and closed
by clients. Prints
"READY" when it accepts connections.
"""
import argparse
import asyncio
import base64
import email
import email.policy
import json
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--mail-dir", required=True)
parser.add_argument("--cert")
parser.add_argument("--key")
parser.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (port 465 style), no STARTTLS")
parser.add_argument("--user")
parser.add_argument("--password")
parser.add_argument("--auth-mechanisms", help="offer only these, e.g. 'LOGIN' (default: PLAIN and LOGIN, and XOAUTH2 with --oauth-token)")
parser.add_argument("--oauth-token", help="accept AUTH XOAUTH2 for --user with exactly this bearer token")
parser.add_argument("--fail-with", help="answer every DATA with this reply, e.g. '451 try later'")
parser.add_argument("--drop-after-data", type=int, default=0,
                    help="keep the first N messages, then close the connection before the reply to DATA (the client "
                         "cannot know the message was taken: the at-least-once window)")
parser.add_argument("--close-mid-data", type=int, default=0,
                    help="for the first N DATA commands, answer 354, read one line of the message and close the "
                         "connection: nothing is kept")
parser.add_argument("--hold-data", type=int, default=0,
                    help="keep the first N messages, then hold the reply to their DATA until the file 'release' "
                         "appears beside the mail folder (a send in flight for as long as a test needs)")
parser.add_argument("--idle-timeout", type=float, default=300,
                    help="close a connection that sent nothing for this many seconds (aiosmtpd's default: 300)")
args = parser.parse_args()

os.makedirs(args.mail_dir, exist_ok=True)
connections_file = os.path.join(os.path.dirname(os.path.abspath(args.mail_dir)), "connections.json")
lock = threading.Lock()
counter = [0]
mid_data_closes = [0]
connections = {"opened": 0, "closed": 0}
counting = [False]
release_file = os.path.join(os.path.dirname(os.path.abspath(args.mail_dir)), "release")


def write_json(path, value):
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False)
    os.replace(path + ".tmp", path)


def is_tls(server):
    return server.transport is not None and server.transport.get_extra_info("ssl_object") is not None


class CountingSMTP(SMTP):
    """Numbers each client connection (STARTTLS calls connection_made again on the same object: counted once)."""

    def connection_made(self, transport):
        first = not hasattr(self, "hub_connection")
        super().connection_made(transport)
        if first:
            with lock:
                # The controller's own probe at start is not a client's connection.
                self.hub_connection = connections["opened"] + 1 if counting[0] else 0
                if counting[0]:
                    connections["opened"] += 1
                    write_json(connections_file, connections)

    def connection_lost(self, error):
        if getattr(self, "hub_connection", 0):
            with lock:
                connections["closed"] += 1
                write_json(connections_file, connections)
        super().connection_lost(error)

    async def smtp_DATA(self, arg):
        with lock:
            close = mid_data_closes[0] < args.close_mid_data and self.envelope.rcpt_tos
            if close:
                mid_data_closes[0] += 1
        if not close:
            return await super().smtp_DATA(arg)
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        await self._reader.readline()
        self.transport.abort()


class Handler:
    async def handle_DATA(self, server, session, envelope):
        if args.fail_with:
            return args.fail_with
        with lock:
            counter[0] += 1
            n = counter[0]
        base = os.path.join(args.mail_dir, "%06d" % n)
        with open(base + ".eml", "wb") as f:
            f.write(envelope.content)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        sender = parsed["from"]
        record = {
            "mailFrom": envelope.mail_from,
            "rcptTo": list(envelope.rcpt_tos),
            "from": str(sender),
            "fromName": sender.addresses[0].display_name if sender is not None and sender.addresses else None,
            "subject": str(parsed["subject"]),
            "messageId": parsed["message-id"] and str(parsed["message-id"]),
            "body": parsed.get_content(),
            "tls": is_tls(server),
            "authenticated": bool(session.authenticated),
            "authMechanism": getattr(session, "hub_mechanism", None),
            "connection": getattr(server, "hub_connection", 0),
            "rawFile": base + ".eml",
        }
        write_json(base + ".json", record)
        if n <= args.hold_data:
            # Kept, and the client waits for the reply until the test releases it (or gives up and closes).
            while not os.path.exists(release_file):
                await asyncio.sleep(0.05)
        if n <= args.drop_after_data:
            # Kept, but the client hears nothing: the connection ends where the 250 reply would be.
            server.transport.abort()
            return "421 connection dropped after the message was kept"
        return "250 OK queued as %d" % n


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword)
          and auth_data.login.decode() == args.user
          and auth_data.password.decode() == args.password)
    if ok:
        session.hub_mechanism = mechanism
    # handled=False: aiosmtpd then answers 535 itself (with the default, it answers nothing).
    return AuthResult(success=ok, handled=False)


async def auth_xoauth2(server, auth_args):
    """XOAUTH2 as Google and Microsoft document it: base64 of "user=" user ^A "auth=Bearer " token ^A ^A."""
    if len(auth_args) == 2:
        blob = auth_args[1].encode()
    else:
        blob = await server.challenge_auth("", encode_to_b64=False)
        if blob is None or not isinstance(blob, bytes):
            return AuthResult(success=False, handled=False)
        blob = base64.b64encode(blob)
    try:
        text = base64.b64decode(blob, validate=True).decode()
    except Exception:
        return AuthResult(success=False, handled=False)
    expected = "user=%s\x01auth=Bearer %s\x01\x01" % (args.user, args.oauth_token)
    if text != expected:
        return AuthResult(success=False, handled=False)
    server.session.hub_mechanism = "XOAUTH2"
    return AuthResult(success=True, auth_data=args.user)


handler = Handler()
if args.oauth_token:
    handler.auth_XOAUTH2 = auth_xoauth2

kwargs = {"timeout": args.idle_timeout}
context = None
if args.cert:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    if not args.implicit_tls:
        kwargs.update(tls_context=context, require_starttls=True)
if args.user:
    # With implicit TLS aiosmtpd does not know the connection is encrypted, so it must not insist on STARTTLS.
    kwargs.update(authenticator=authenticator, auth_required=True,
                  auth_require_tls=bool(args.cert) and not args.implicit_tls)
    if args.auth_mechanisms:
        wanted = set(args.auth_mechanisms.upper().split(","))
        kwargs.update(auth_exclude_mechanism=[m for m in ("PLAIN", "LOGIN", "XOAUTH2") if m not in wanted])


class CountingController(Controller):
    def factory(self):
        return CountingSMTP(self.handler, **self.SMTP_kwargs)


controller = CountingController(handler, hostname="127.0.0.1", port=args.port,
                                ssl_context=context if args.implicit_tls else None, **kwargs)
controller.start()
counting[0] = True
write_json(connections_file, connections)
print("READY", flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
stop.wait()
controller.stop()

