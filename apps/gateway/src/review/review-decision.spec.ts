import { decideApproval, wordDiff } from './review-decision';

const draft = 'Hi Sarah, I wanted to follow up on your pricing questions from the demo.';

describe('decideApproval', () => {
  it('approves the draft as it is when no text or the same text is sent', () => {
    expect(decideApproval(draft)).toEqual({ decision: 'approved', draft_message: draft });
    expect(decideApproval(draft, `  ${draft}\n`)).toEqual({ decision: 'approved', draft_message: draft });
    expect(decideApproval(draft, '   ')).toEqual({ decision: 'approved', draft_message: draft });
  });

  it('keeps both texts and a word diff when the reviewer edited the draft', () => {
    const edited = 'Hi Sarah, I wanted to follow up on the pricing questions from Tuesday.';
    expect(decideApproval(draft, edited)).toEqual({
      decision: 'edited_and_approved',
      draft_message: edited,
      original_draft: draft,
      edit_diff: 'Hi Sarah, I wanted to follow up on [-your-]{+the+} pricing questions from [-the demo-]{+Tuesday+}.',
    });
  });
});

describe('wordDiff', () => {
  it('marks insertions and deletions and leaves equal texts untouched', () => {
    expect(wordDiff('a b c', 'a c d')).toBe('a [-b -]c {+d+}');
    expect(wordDiff(draft, draft)).toBe(draft);
  });

  it('holds both texts: each can be read back from the diff', () => {
    const edited = 'Hello Sarah! Following up on pricing: would a quote for 25 seats help?';
    const diff = wordDiff(draft, edited);
    const before = diff.replace(/\{\+[\s\S]*?\+\}/g, '').replace(/\[-([\s\S]*?)-\]/g, '$1');
    const after = diff.replace(/\[-[\s\S]*?-\]/g, '').replace(/\{\+([\s\S]*?)\+\}/g, '$1');
    expect(before).toBe(draft);
    expect(after).toBe(edited);
  });
});
