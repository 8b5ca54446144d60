import { evaluateFindings } from './evaluate-detector';
import { parseLabelledSet } from './labelled-set';

const line = (findings: object[]) =>
  JSON.stringify({
    id: 'x-1',
    text: 'call Ann Lee at 555',
    context: { recipient_first_name: 'Bo', directory: [{ first_name: 'Ann', last_name: 'Lee' }] },
    findings,
  });

describe('evaluateFindings', () => {
  it('counts overlapping findings of the labelled kind, renaming the sets’ kind names', () => {
    const sample = parseLabelledSet(
      `${line([
        { kind: 'person_name', start: 5, end: 12 },
        { kind: 'card', start: 16, end: 19 },
      ])}\n`,
    );
    expect(sample[0].spans).toEqual([
      { kind: 'other_person', start: 5, end: 12 },
      { kind: 'card_number', start: 16, end: 19 },
    ]);
    expect(sample[0].context.others).toEqual([{ lead_id: 'x-1-0', first_name: 'Ann', last_name: 'Lee' }]);
    const evaluation = evaluateFindings(sample, () => [
      { kind: 'other_person', start: 9, end: 12 },
      { kind: 'phone', start: 16, end: 19 },
    ]);
    expect(evaluation.kinds.other_person).toEqual({
      labelled: 1,
      true_positives: 1,
      false_positives: 0,
      false_negatives: 0,
      precision: 1,
      recall: 1,
      f1: 1,
    });
    expect(evaluation.kinds.phone).toMatchObject({ false_positives: 1, precision: 0, recall: 1, f1: 0 });
    expect(evaluation.kinds.card_number).toMatchObject({ false_negatives: 1, precision: 1, recall: 0, f1: 0 });
    expect(evaluation.overall).toEqual({
      labelled: 2,
      true_positives: 1,
      false_positives: 1,
      false_negatives: 1,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
    });
  });

  it('counts a labelled kind the detector does not know as missed, beside the known kinds', () => {
    const sample = parseLabelledSet(`${line([{ kind: 'vehicle_plate', start: 16, end: 19 }])}\n`);
    const evaluation = evaluateFindings(sample, () => [{ kind: 'phone', start: 16, end: 19 }]);
    expect(evaluation.kinds.vehicle_plate).toMatchObject({ labelled: 1, false_negatives: 1, recall: 0 });
    expect(evaluation.kinds.phone).toMatchObject({ labelled: 0, false_positives: 1, precision: 0 });
    expect(evaluation.kinds.email).toMatchObject({ labelled: 0, true_positives: 0, false_positives: 0 });
    expect(evaluation.overall).toMatchObject({ labelled: 1, true_positives: 0, false_positives: 1, false_negatives: 1 });
  });
});
