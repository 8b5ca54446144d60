import { isEnglishFunctionWord, isEnglishVerb, isEnglishWord, isForeignFunctionWord, languageVotes } from './ordinary-words';

describe('isEnglishWord', () => {
  it('holds the dictionary’s lower-case entries with a prefix, a suffix or both, and hyphenated ones, not names', () => {
    const words = ['procurement', 'mark', 'grace', 'renewals', 'reopened', 'priced', 'rescheduled', 'disagreed', 'follow-up', 'sign-off'];
    expect(words.filter(isEnglishWord)).toEqual(words);
    expect(['priya', 'wanjiru', 'olusegun', 'jordan', 'tmrw', 'follow-priya'].filter(isEnglishWord)).toEqual([]);
  });
});

describe('function words and the language of a note', () => {
  it('knows the other languages’ function words, with or without their accents; none of English’s, nor its words', () => {
    expect(['del', 'nel', 'dann', 'está', 'avec', 'aucune'].filter(isForeignFunctionWord)).toHaveLength(6);
    expect(['the', 'with', 'will', 'want', 'w', 'priya'].filter(isForeignFunctionWord)).toEqual([]);
    expect(['the', 'with', 'for'].filter(isEnglishFunctionWord)).toHaveLength(3);
  });

  it('counts the words that vote for English and for another language, shared words for neither', () => {
    const votes = (note: string) => languageVotes(note.split(' '));
    expect(votes('ping dan re pricing will follow up')).toEqual({ english: 5, foreign: 1 }); // ping, pricing, will, follow, up; dan
    // client and pour (an English word of four letters, so no French function word here); le, est, merci, la
    expect(votes('le client est ravi merci pour la démo')).toEqual({ english: 2, foreign: 4 });
    expect(votes('cc ali sara')).toEqual({ english: 0, foreign: 2 }); // Portuguese ali, Italian sara
  });

  it('knows a verb by the inflections the dictionary gives it', () => {
    expect(['chase', 'mark', 'grant'].filter(isEnglishVerb)).toHaveLength(3);
    expect(['john', 'memory', 'priya'].filter(isEnglishVerb)).toEqual([]);
  });
});
