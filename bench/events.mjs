// `npm run bench:events [-- --checks <n>] [--rounds <n>]`
//
// What checking a consumed event costs a service (checkEvent in libs/messaging: the parsed JSON made an instance of
// its class, then validated with class-validator), with the instance made by class-transformer's plainToInstance
// (before a915dc8) and by eventInstance (now), on three events a recommendation publishes, as a run of the stack
// stored them (bench/fixtures): the gateway's request, the recommender's generated recommendation and its
// notification. class-validator's rule look-ups are memoized as every service's start-up does. Alternating the two
// ways round by round in one process, prints the CPU per check (instance and validation) and per instance alone,
// the median of the rounds, and the ratio of now to before. No infrastructure needed.
import { createRequire } from 'node:module';
import { compiled, parseFlags, say } from '../scripts/lib.mjs';
import { benchFixture as fixture } from './lib/fixtures.mjs';
import { median } from './lib/load.mjs';
import { machineLine } from './lib/machine.mjs';

const flags = parseFlags(process.argv.slice(2));
const CHECKS = Number(flags.checks ?? 5_000);
const ROUNDS = Number(flags.rounds ?? 5);

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { plainToInstance } = require('class-transformer');
const { validate } = require('class-validator');
const contracts = await compiled('libs/contracts/src/index.js');
const { eventInstance } = await compiled('libs/messaging/src/event-instance.js');
const { memoizeValidationMetadata } = await compiled('libs/config/src/index.js');
memoizeValidationMetadata();

const recommenderRecord = fixture('recommendation-record.json');
const events = [
  [
    'recommendation.requested',
    contracts.RecommendationRequestedEvent,
    JSON.parse(fixture('recommendation-request-record.json').requested_event),
  ],
  ['recommendation.generated', contracts.RecommendationGeneratedEvent, recommenderRecord.outcome_event.event],
  ['notification.requested', contracts.NotificationRequestedEvent, recommenderRecord.notification_events[0].event],
];
const ways = [
  ['plainToInstance (before)', (eventClass, raw) => plainToInstance(eventClass, raw)],
  ['eventInstance (now)', (eventClass, raw) => eventInstance(eventClass, raw)],
];

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

say(machineLine());
say(`bench:events: ${CHECKS} checks of each event per way and round, ${ROUNDS} rounds, the ways alternating`);
for (const [name, eventClass, raw] of events) {
  for (const [way, instance] of ways) {
    const problems = await validate(instance(eventClass, raw), { forbidUnknownValues: true });
    if (problems.length > 0) throw new Error(`${name} through ${way} does not validate: ${problems.map((p) => p.property)}`);
  }
}

const measured = new Map(); // `${event}|${way}` -> { check: [], instance: [] }
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, eventClass, raw] of events) {
    const order = round % 2 === 0 ? ways : [...ways].reverse();
    for (const [way, instance] of order) {
      let started = cpuMicros();
      for (let index = 0; index < CHECKS; index += 1) await validate(instance(eventClass, raw), { forbidUnknownValues: true });
      const check = (cpuMicros() - started) / CHECKS;
      started = cpuMicros();
      for (let index = 0; index < CHECKS; index += 1) instance(eventClass, raw);
      const alone = (cpuMicros() - started) / CHECKS;
      const entry = measured.get(`${name}|${way}`) ?? { check: [], instance: [] };
      entry.check.push(check);
      entry.instance.push(alone);
      measured.set(`${name}|${way}`, entry);
    }
  }
}

const [before, now] = ways.map(([way]) => way);
console.log(
  `\n${'event (bytes)'.padEnd(34)}${'per check: before'.padStart(18)}${'now'.padStart(9)}${'ratio'.padStart(8)}${'instance alone: before'.padStart(25)}${'now'.padStart(9)}${'ratio'.padStart(8)}`,
);
for (const [name, , raw] of events) {
  const a = measured.get(`${name}|${before}`);
  const b = measured.get(`${name}|${now}`);
  const [checkBefore, checkNow, aloneBefore, aloneNow] = [median(a.check), median(b.check), median(a.instance), median(b.instance)];
  console.log(
    `${`${name} (${JSON.stringify(raw).length})`.padEnd(34)}${`${checkBefore.toFixed(1)} µs`.padStart(18)}${`${checkNow.toFixed(1)} µs`.padStart(9)}` +
      `${`${(checkNow / checkBefore).toFixed(2)}×`.padStart(8)}${`${aloneBefore.toFixed(1)} µs`.padStart(25)}${`${aloneNow.toFixed(1)} µs`.padStart(9)}` +
      `${`${(aloneNow / aloneBefore).toFixed(2)}×`.padStart(8)}`,
  );
}
