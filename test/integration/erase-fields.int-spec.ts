import { Model, Schema } from 'mongoose';
import { eraseFields } from '@followup/persistence';
import { scratchDatabase } from '../support/scratch-database';

/**
 * eraseFields on the real MongoDB-compatible server: texts blanked in place, and texts inside a field holding an
 * event's JSON text blanked with the rest of the JSON kept; a second run changes nothing.
 */
const scratch = scratchDatabase('erase_fields', 'recommender');

interface Note {
  tenant: string;
  lead_id: string;
  summary?: string;
  event?: { topic: string; json: string };
}

const NoteSchema = new Schema<Note>(
  { tenant: String, lead_id: String, summary: String, event: Schema.Types.Mixed },
  { collection: 'notes', versionKey: false },
);

let notes: Model<Note>;

beforeAll(async () => {
  notes = scratch.connection.model('Note', NoteSchema);
  await notes.init();
});

it('blanks texts in place and inside an event kept as JSON text, leaving other leads and other fields alone', async () => {
  const eventOf = (name: string) =>
    JSON.stringify({
      event_id: 'e-1',
      payload: { lead: { lead_id: 'LD-1', first_name: name }, result: { draft_message: `Hi ${name}`, score: 7 } },
    });
  await notes.insertMany([
    { tenant: 't', lead_id: 'LD-1', summary: 'Sarah asked about pricing', event: { topic: 'x', json: eventOf('Sarah') } },
    { tenant: 't', lead_id: 'LD-2', summary: 'Omar asked about pricing', event: { topic: 'x', json: eventOf('Omar') } },
  ]);
  const fields = {
    blank: ['summary'],
    blankInJson: { 'event.json': ['payload.lead.first_name', 'payload.result.draft_message', 'payload.missing.text'] },
  };

  expect(await eraseFields(notes, { tenant: 't', lead_id: 'LD-1' }, fields, '[erased]')).toEqual({
    'notes.summary': 1,
    'notes.event.json': 1,
  });

  const [erased, kept] = await notes.find({}, { _id: 0 }).sort({ lead_id: 1 }).lean().exec();
  expect(erased).toEqual({
    tenant: 't',
    lead_id: 'LD-1',
    summary: '[erased]',
    event: {
      topic: 'x',
      json: '{"event_id":"e-1","payload":{"lead":{"lead_id":"LD-1","first_name":"[erased]"},"result":{"draft_message":"[erased]","score":7}}}',
    },
  });
  expect(kept).toEqual({ tenant: 't', lead_id: 'LD-2', summary: 'Omar asked about pricing', event: { topic: 'x', json: eventOf('Omar') } });
  expect(await eraseFields(notes, { tenant: 't', lead_id: 'LD-1' }, fields, '[erased]')).toEqual({
    'notes.summary': 0,
    'notes.event.json': 0,
  });
});
