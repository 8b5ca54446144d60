import { ErasedLeads } from './erased-leads';

describe('ErasedLeads', () => {
  it('holds each lead under its tenant only', () => {
    const erased = ErasedLeads.of([{ tenant: 'acme', lead_id: 'LD-9' }]);
    erased.add('globex', 'LD-3');
    expect([erased.has('acme', 'LD-9'), erased.has('globex', 'LD-3'), erased.has('globex', 'LD-9'), erased.has('acme', 'LD-3')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
