import { caseNames } from './person-rules';

/** Each text comes back from caseNames as it went in. */
const expectUnchanged = (...texts: string[]) => texts.forEach((text) => expect(caseNames(text)).toBe(text));

describe('caseNames: names typed in lower case or in a sentence of capitals', () => {
  it('capitalises a plain given name and the surname beside it, wherever they stand', () => {
    expect(caseNames('spoke w/ priya re pricing')).toBe('spoke w/ Priya re pricing');
    expect(caseNames('Demo went well, akosua wants the security pack')).toBe('Demo went well, Akosua wants the security pack');
    expect(caseNames('CALLED NOMVULA DLAMINI ABOUT THE RENEWAL')).toBe('called Nomvula Dlamini about the renewal');
    expect(caseNames('spoke w/ priya kulkarni, will send pricing')).toBe('spoke w/ Priya Kulkarni, will send pricing');
  });

  it('takes a surname that is a word too, one after a particle, and a name joined by "and" or "+"', () => {
    expect(caseNames('spoke with anjali brown about pricing')).toBe('spoke with Anjali Brown about pricing');
    expect(caseNames('spoke with femke de vries')).toBe('spoke with Femke de Vries');
    expect(caseNames('spoke with pieter van der berg about pricing')).toBe('spoke with Pieter van der Berg about pricing');
    expect(caseNames('nomvula and thabo want a demo')).toBe('Nomvula and Thabo want a demo');
    expect(caseNames('met nomvula + thabo at the expo')).toBe('met Nomvula + Thabo at the expo');
  });

  it('takes a given name that is a word too after a cue, and not before its own object', () => {
    expect(caseNames('chase the invoice with procurement, then send the contract to john for review')).toBe(
      'chase the invoice with procurement, then send the contract to John for review',
    );
    expect(caseNames('talked to mark about pricing; need to mark it done')).toBe('talked to Mark about pricing; need to mark it done');
    expect(caseNames('email john the deck, call mark back tomorrow')).toBe('email John the deck, call Mark back tomorrow');
    expectUnchanged(
      'will send the deck, bill them in may after the grace period',
      'need to grant access to the sandbox',
      'contract with grace period of 30 days',
    );
    // `ping` is a given name in the lists; the name after it is its object
    expect(caseNames('need to ping john smith')).toBe('need to ping John Smith');
  });

  it('takes a given name that is a word too before a name found, after a preposition or at the start of what the person did', () => {
    expect(caseNames('follow up with grace kim next week')).toBe('follow up with Grace Kim next week');
    expect(caseNames('mark thompson said yes to the pilot')).toBe('Mark Thompson said yes to the pilot');
    expect(caseNames('email mark thompson the deck')).toBe('email Mark Thompson the deck');
    // a verb: after `to`, or starting an instruction
    expect(caseNames('need to chase kim for the invoice')).toBe('need to chase Kim for the invoice');
    expect(caseNames('chase kim for the invoice')).toBe('chase Kim for the invoice');
  });

  it("takes the recipient's first name before a surname not theirs, and a surname only the lexicon knows", () => {
    const sarahLee = { first_name: 'Sarah', last_name: 'Lee' };
    expect(caseNames('hi sarah, sarah jones from procurement asked', sarahLee)).toBe('hi sarah, Sarah Jones from procurement asked');
    expect(caseNames('hi sarah lee, thanks', sarahLee)).toBe('hi sarah lee, thanks');
    expect(caseNames('forwarded by roxanne dunn')).toBe('forwarded by Roxanne Dunn');
  });

  it('takes an unknown word after a person’s cue or before a deed; not an English word, a hyphenated one or an abbreviation', () => {
    expect(caseNames('looped in wanjiru on the thread; kamau signed off on the pilot')).toBe(
      'looped in Wanjiru on the thread; Kamau signed off on the pilot',
    );
    expect(caseNames('sent it to aminata n’diaye yesterday')).toBe('sent it to Aminata N’Diaye yesterday');
    expect(caseNames("separate quote for burak's team")).toBe("separate quote for Burak's team");
    expect(caseNames('priya rescheduled the demo, fyi priya follow-up tomorrow')).toBe(
      'Priya rescheduled the demo, fyi Priya follow-up tomorrow',
    );
    expect(caseNames("got cc'd by mistake")).toBe("got cc'd by mistake");
  });

  it('reads a name after an elided article, and leaves the recipient’s own name and the words after it', () => {
    expect(caseNames('la proposta dell’anna è pronta')).toBe('la proposta dell’Anna è pronta');
    expect(caseNames('thiago quer fechar antes do carnaval', { first_name: 'Thiago' })).toBe('thiago quer fechar antes do carnaval');
  });

  it('in the drafts’ other languages, takes a name in a sentence typed in lower case, and no word of a sentence written with capitals', () => {
    expect(caseNames('greta meinte, dass jürgen vom einkauf noch zustimmen muss')).toBe(
      'Greta meinte, dass Jürgen vom einkauf noch zustimmen muss',
    );
    expect(caseNames('hablé con lucía sobre el precio')).toBe('hablé con Lucía sobre el precio');
    expectUnchanged(
      'Le client a signé le devis.',
      'Il cliente è felice, la proposta è vera.',
      'El cliente está muy feliz, hay luz verde para el piloto.',
      'Aucune nouvelle depuis lundi.',
      'el pedido está confirmado, llega antes del lunes',
    );
  });

  it('cautiously, leaves a sentence written with its capitals as written, and reads the others', () => {
    const cautiously = { cautious: true };
    expect(caseNames('Demo went well, akosua wants the security pack', {}, cautiously)).toBe(
      'Demo went well, akosua wants the security pack',
    );
    expect(caseNames('Supports te reo Māori now. follow up w/ farhad najafi', {}, cautiously)).toBe(
      'Supports te reo Māori now. follow up w/ Farhad Najafi',
    );
    expect(caseNames('CALLED NOMVULA DLAMINI ABOUT THE RENEWAL', {}, cautiously)).toBe('called Nomvula Dlamini about the renewal');
    expect(caseNames('Spoke with PRIYA about pricing', {}, cautiously)).toBe('Spoke with Priya about pricing');
  });

  it('ends a sentence at a blank line, and takes no particle or function word before a name with no role or deed for its given name', () => {
    const sarah = { first_name: 'Sarah' };
    expect(caseNames('Hi Sarah,\n\nspoke w/ priya re pricing', sarah, { cautious: true })).toBe('Hi Sarah,\n\nspoke w/ Priya re pricing');
    expect(caseNames('ciao sarah, buona giornata e una serena settimana.', sarah)).toBe(
      'ciao sarah, buona giornata e una Serena settimana.',
    );
    expect(caseNames('die zahlen von lena und jonas kommen morgen.', sarah)).toBe('die zahlen von Lena und Jonas kommen morgen.');
  });

  it('leaves acronyms in a sentence written with capitals, and reads a plain given name in capitals there', () => {
    expect(caseNames('Met the CFO and IT team at AWS')).toBe('Met the CFO and IT team at AWS');
    expect(caseNames('Spoke with PRIYA about pricing')).toBe('Spoke with Priya about pricing');
  });

  it('reads a given name in capitals after a verb of reaching someone too, and a surname in capitals beside it', () => {
    expect(caseNames('Please call NOMVULA DLAMINI about the renewal')).toBe('Please call Nomvula Dlamini about the renewal');
    expect(caseNames('Spoke with PRIYA KULKARNI about pricing')).toBe('Spoke with Priya Kulkarni about pricing');
    expect(caseNames('Spoke with PRIYA ABOUT pricing')).toBe('Spoke with Priya ABOUT pricing');
    expectUnchanged('Please call DORA SUPPORT about the audit', 'Please call DORA about the audit');
    // a surname of two letters, capitalised as a name; the lead's own name left as written
    expect(caseNames('I spoke with GIULIA LI today')).toBe('I spoke with Giulia Li today');
    expect(caseNames('Spoke with SEAN MCALLISTER today', { first_name: 'Sean', last_name: 'McAllister' })).toBe(
      'Spoke with SEAN MCALLISTER today',
    );
  });

  it('in a sentence written with its capitals, takes no word after a cue or a verb for a name', () => {
    expectUnchanged(
      'Met early today, went fine.',
      'My colleague will send the deck tomorrow.',
      'Sent case studies and pricing.',
      'Le client est ravi, merci pour la démo.',
      'Demo gut, Kunde will ein Angebot, danke.',
    );
  });

  it('takes a name after a preposition whatever word follows it, and capitalises a title before a name', () => {
    expect(caseNames('meeting with john went well')).toBe('meeting with John went well');
    expect(caseNames('mr. patel wants a demo')).toBe('Mr. Patel wants a demo');
  });

  it('leaves acronyms a name list holds, and the words of a clause or a line that goes on in lower case', () => {
    expectUnchanged(
      'Their CISO asked how we map to DORA before the renewal.',
      'Le client est ravi; devis à envoyer lundi.',
      'Le client veut une démo\net un devis pour mai.',
      'El cliente quiere una demo; quizá en abril o julio.',
      'Demo fissata per domani, budget approvato, pricing in aprile.',
    );
  });

  it('takes a name whose deed follows it, a title that opens a sentence in capitals, and no particle for a name', () => {
    expect(caseNames('meeting with mark went well')).toBe('meeting with Mark went well');
    // a word of one letter is left as it is
    expect(caseNames('MR. PATEL WANTS A DEMO')).toBe('Mr. Patel wants A demo');
    expect(caseNames('spoke with ludwig von der leyen')).toBe('spoke with Ludwig von der Leyen');
  });

  it('leaves the lead’s own first name in several words or with an elided capital', () => {
    expect(caseNames('spoke with maryann about pricing', { first_name: 'Mary Ann' })).toBe('spoke with maryann about pricing');
    expect(caseNames('jean luc wants a demo', { first_name: 'Jean-Luc' })).toBe('jean luc wants a demo');
    expect(caseNames('maria jose wants a demo', { first_name: 'María José' })).toBe('maria jose wants a demo');
    expect(caseNames("d'andre signed off on the pilot", { first_name: "D'Andre" })).toBe("d'andre signed off on the pilot");
  });

  it('reads capital İ as i and a word with ß as capitals, every offset kept', () => {
    expect(caseNames('MET ELİF ÇELİK AT THE EXPO')).toBe('met Elif Çelik at the expo');
    expect(caseNames('CALLED JONAS GROßMANN ABOUT THE RENEWAL')).toBe('called Jonas Großmann about the renewal');
  });
});
