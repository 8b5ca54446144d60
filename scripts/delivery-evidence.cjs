// What reached the leads, counted from the stand-in providers' own records (the SMTP server's messages,
// the SMS API's requests, the call-task list), never from the system's view of its deliveries: each message
// names its recommendation through the message's idempotency key `<recommendation_id>:<channel>`. Shared by
// the chaos run and the durability test. CommonJS so both the .mjs scripts and the jest tests can load it.

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CHANNEL = '(?:sms|email|phone_call)';
const IDEMPOTENCY_KEY = new RegExp(`^(${UUID}):${CHANNEL}$`, 'i');
const RECOMMENDATION_ID = new RegExp(`^${UUID}$`, 'i');
const KEY_HEADER = new RegExp(`^X-Followup-Idempotency-Key:\\s*(${UUID}:${CHANNEL})\\s*$`, 'im');
const MESSAGE_ID = new RegExp(`^Message-ID:\\s*<(${UUID})\\.email@[^>]+>\\s*$`, 'im');

/** The recommendation an idempotency key belongs to, or undefined when it is not one. */
function recommendationOfKey(key) {
  return IDEMPOTENCY_KEY.exec(key ?? '')?.[1].toLowerCase();
}

/** The recommendation a raw email names: its X-Followup-Idempotency-Key header, else its Message-ID. */
function recommendationOfMail(raw) {
  const headers = raw.split(/\r?\n\r?\n/, 1)[0];
  const key = KEY_HEADER.exec(headers)?.[1];
  return key ? recommendationOfKey(key) : MESSAGE_ID.exec(headers)?.[1].toLowerCase();
}

/**
 * Every message the stand-ins received, as the recommendation it names (undefined: it names none).
 * @param {{ mails: { raw: string }[], sms: { idempotency_key?: string }[], callTasks: { recommendation_id?: string }[] }} received
 */
function receivedRecommendations({ mails, sms, callTasks }) {
  return [
    ...mails.map((mail) => ({ channel: 'email', recommendation_id: recommendationOfMail(mail.raw) })),
    ...sms.map((message) => ({ channel: 'sms', recommendation_id: recommendationOfKey(message.idempotency_key) })),
    ...callTasks.map((task) => ({
      channel: 'phone_call',
      recommendation_id: RECOMMENDATION_ID.test(task.recommendation_id ?? '') ? task.recommendation_id.toLowerCase() : undefined,
    })),
  ];
}

/**
 * Each approval's fate from what was received:
 * - `delivered`: exactly one message or call task;
 * - `duplicate`: two or more;
 * - `handed_to_person`: none, a send of it was in flight when the delivery service was killed, and the rep
 *   has a notification about it (the service could not know whether the provider sent it, so it asked a
 *   person instead of risking a second message);
 * - `lost`: none, and not handed over as above (failed, never attempted, or interrupted without a notice).
 * Received messages that name no recommendation are `unexplained`; those naming one that was never
 * approved are `unapproved`.
 * @param {{ approved: Iterable<string>, received: { channel: string, recommendation_id?: string }[], inFlightAtKills?: Iterable<string>, notified?: Iterable<string> }} input
 */
function tallyDeliveries({ approved, received, inFlightAtKills = [], notified = [] }) {
  const approvals = new Set(approved);
  const inFlight = new Set(inFlightAtKills);
  const notices = new Set(notified);
  const countById = new Map();
  const unexplained = [];
  const unapproved = [];
  for (const message of received) {
    if (!message.recommendation_id) unexplained.push(message);
    else if (!approvals.has(message.recommendation_id)) unapproved.push(message);
    else countById.set(message.recommendation_id, (countById.get(message.recommendation_id) ?? 0) + 1);
  }
  const fates = { delivered: [], duplicate: [], handed_to_person: [], lost: [] };
  for (const id of approvals) {
    const count = countById.get(id) ?? 0;
    if (count === 1) fates.delivered.push(id);
    else if (count > 1) fates.duplicate.push(id);
    else if (inFlight.has(id) && notices.has(id)) fates.handed_to_person.push(id);
    else fates.lost.push(id);
  }
  return { ...fates, countById, unexplained, unapproved };
}

module.exports = { recommendationOfKey, recommendationOfMail, receivedRecommendations, tallyDeliveries };
