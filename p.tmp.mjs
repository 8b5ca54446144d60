import { MongoClient } from 'mongodb';
const client = await MongoClient.connect('mongodb://127.0.0.1:27017');
const db = client.db('probe_' + process.argv[2]);
await db.dropDatabase();
const c = db.collection('items');
await c.createIndex({ tenant: 1, lead_id: 1 });
const N = 20000;
const docs = Array.from({ length: N }, (_, i) => ({ tenant: 't' + (i % 5), lead_id: 'LD-' + i, n: i }));
let t = process.hrtime.bigint();
for (let i = 0; i < N; i += 1000) await c.insertMany(docs.slice(i, i + 1000));
const insertS = Number(process.hrtime.bigint() - t) / 1e9;
t = process.hrtime.bigint();
for (let i = 0; i < 500; i++) { const k = Math.floor(Math.random() * N); await c.findOne({ tenant: 't' + (k % 5), lead_id: 'LD-' + k }); }
console.log(process.argv[2], 'insert 20k', insertS.toFixed(2), 's;', (Number(process.hrtime.bigint() - t) / 1e6 / 500).toFixed(2), 'ms per findOne({tenant, lead_id}) at 20k docs');
await db.dropDatabase();
await client.close();
