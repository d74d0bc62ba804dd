// Plays WeCom's side of an intelligent robot's callback with WeCom's own crypto library, so that the hub's
// implementation is checked against an independent one. One JSON request on stdin, one JSON answer on stdout:
//   {"op":"seal", token, key, receiveId, message, timestamp, nonce} -> {"encrypt", "signature"}
//   {"op":"open", token, key, reply}                                -> {"signatureMatches", "message", "id"}
'use strict';
const { getSignature, encrypt, decrypt } = require('@wecom/crypto');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const request = JSON.parse(input);
  let answer;
  if (request.op === 'seal') {
    const sealed = encrypt(request.key, request.message, request.receiveId);
    answer = { encrypt: sealed, signature: getSignature(request.token, request.timestamp, request.nonce, sealed) };
  } else if (request.op === 'open') {
    const reply = JSON.parse(request.reply);
    const expected = getSignature(request.token, reply.timestamp, reply.nonce, reply.encrypt);
    const opened = decrypt(request.key, reply.encrypt);
    answer = { signatureMatches: expected === reply.msgsignature, message: opened.message, id: opened.id };
  } else {
    throw new Error('unknown op ' + request.op);
  }
  process.stdout.write(JSON.stringify(answer));
});
