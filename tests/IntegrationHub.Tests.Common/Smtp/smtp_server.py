#!/usr/bin/python3
"""A real SMTP server for tests (Debian's python3-aiosmtpd): STARTTLS, AUTH PLAIN/LOGIN, 127.0.0.1 only.

Every accepted message is written to the mail folder twice: the raw bytes (<n>.eml) and what Python's own e-mail
parser makes of them (<n>.json: from, to, subject, body), so the tests check the client's MIME with an independent
decoder. Prints "READY" when it accepts connections.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--mail-dir", required=True)
parser.add_argument("--cert")
parser.add_argument("--key")
parser.add_argument("--user")
parser.add_argument("--password")
parser.add_argument("--fail-with", help="answer every DATA with this reply, e.g. '451 try later'")
parser.add_argument("--drop-after-data", type=int, default=0,
                    help="keep the first N messages, then close the connection before the reply to DATA (the client "
                         "cannot know the message was taken: the at-least-once window)")
args = parser.parse_args()

os.makedirs(args.mail_dir, exist_ok=True)
counter = [0]
lock = threading.Lock()


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
        record = {
            "mailFrom": envelope.mail_from,
            "rcptTo": list(envelope.rcpt_tos),
            "from": str(parsed["from"]),
            "subject": str(parsed["subject"]),
            "messageId": parsed["message-id"] and str(parsed["message-id"]),
            "body": parsed.get_content(),
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
        }
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(base + ".json.tmp", base + ".json")
        if n <= args.drop_after_data:
            # Kept, but the client hears nothing: the connection ends where the 250 reply would be.
            server.transport.abort()
            return "421 connection dropped after the message was kept"
        return "250 OK queued as %d" % n


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword)
          and auth_data.login.decode() == args.user
          and auth_data.password.decode() == args.password)
    # handled=False: aiosmtpd then answers 535 itself (with the default, it answers nothing).
    return AuthResult(success=ok, handled=False)


kwargs = {}
if args.cert:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    kwargs.update(tls_context=context, require_starttls=True)
if args.user:
    kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.cert))

controller = Controller(Handler(), hostname="127.0.0.1", port=args.port, **kwargs)
controller.start()
print("READY", flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
stop.wait()
controller.stop()
