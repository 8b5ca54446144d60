import { nlp } from './nlp';
import { getGender } from 'gender-detection-from-name';
import type { PiiFinding } from '@followup/contracts';
import { matches } from './pii-rules';
import { isDateWord, isEnglishFunctionWord, isEnglishVerb, isEnglishWord, isForeignFunctionWord, languageVotes } from './ordinary-words';
import { foldName, listedGivenName, listedSurname } from './name-lists';

/** What compliance knows about one lead of the tenant, from `lead.upserted`. PII: never logged. */
export interface DirectoryPerson {
  lead_id: string;
  first_name: string;
  last_name?: string;
  email?: string;
  phone?: string;
  /** ISO 3166-1 alpha-2, as the lead record gives it: the recipient's national numbers are read in it first. */
  country?: string;
}

export interface Recipient {
  first_name?: string;
  last_name?: string;
}

/**
 * Names that a name model reads as people but that are companies, brands or public figures: naming them
 * discloses nothing about a private person.
 */
export const PUBLIC_NAMES = new Set([
  'warren buffett', 'steve jobs', 'bill gates', 'elon musk', 'jeff bezos', 'satya nadella', 'tim cook', 'sundar pichai',
  'mark zuckerberg', 'larry page', 'sergey brin', 'jack welch', 'peter drucker', 'simon sinek', 'seth godin', 'coco chanel',
  'henry ford', 'walt disney', 'richard branson', 'oprah winfrey', 'sheryl sandberg', 'jack ma', 'marc benioff', 'dale carnegie',
  'zig ziglar', 'brian tracy', 'tony robbins', 'john lewis', 'ted baker', 'hugo boss', 'giorgio armani', 'calvin klein',
  'tommy hilfiger', 'ralph lauren', 'charles schwab', 'dow jones', 'roland berger', 'ernst young', 'johnson johnson',
  'procter gamble', 'marks spencer', 'morgan stanley', 'goldman sachs', 'wells fargo', 'dr oetker', 'ada lovelace',
  'alan turing', 'albert einstein', 'isaac newton', 'thomas edison', 'nikola tesla', 'martin luther king', 'abraham lincoln',
  'george washington', 'winston churchill', 'ratan tata', 'mukesh ambani', 'narayana murthy', 'azim premji', 'michael dell',
  'estee lauder', 'paul smith', 'louis vuitton', 'christian dior', 'yves saint laurent', 'jean paul gaultier', 'max mara',
  'ben jerry', 'wall street', 'wall street journal', 'st james', 'victoria beckham', 'james dyson', 'levi strauss',
  // founders whose names are their companies' names
  'carl zeiss', 'robert bosch', 'werner von siemens', 'gottlieb daimler', 'carl benz', 'ferdinand porsche', 'adolf dassler',
  'rudolf dassler', 'enzo ferrari', 'ferruccio lamborghini', 'soichiro honda', 'henri nestlé', 'john deere', 'william boeing',
  'william hewlett', 'david packard', 'ingvar kamprad', 'amancio ortega', 'bernard arnault', 'august horch', 'heinrich heine',
  'thomas cook', 'william morris', 'charles tyrwhitt', 'ralph waldo emerson', 'marcus aurelius',
  // firms and brands named like a person
  'harper collins', 'morgan lewis', 'grant thornton', 'thermo fisher', 'tiffany blue', 'baker mckenzie', 'clifford chance',
  'allen overy', 'jones day', 'kate spade', 'michael kors', 'tory burch', 'marc jacobs', 'vera wang', 'karl lagerfeld', 'jimmy choo',
  'stella mccartney', 'alexander mcqueen', 'vivienne westwood', 'jack daniels', 'jack daniel', 'johnnie walker', 'jim beam',
  'tim hortons', 'dr martens', 'martha stewart', 'betty crocker', 'sara lee', 'edward jones', 'raymond james', 'merrill lynch',
  'arthur andersen', 'baker tilly', 'moss adams', 'marsh mclennan', 'willis towers watson', 'russell reynolds', 'korn ferry',
  'spencer stuart', 'heidrick struggles', 'robert half', 'kelly services', 'charles river', 'eli lilly', 'john hancock',
  'jack henry', 'harley davidson', 'aston martin', 'rolls royce', 'mercedes benz', 'alfa romeo', 'hewlett packard',
  'elizabeth arden', 'helena rubinstein', 'max factor', 'gianni versace', 'dolce gabbana', 'salvatore ferragamo',
  'ermenegildo zegna', 'massimo dutti', 'pierre cardin', 'nina ricci', 'carolina herrera', 'oscar de la renta', 'loro piana',
  'brunello cucinelli', 'lee cooper', 'ben sherman', 'fred perry', 'paul mitchell', 'vidal sassoon', 'john frieda',
  'morgan library', 'simon kucher', 'oliver wyman', 'arthur d little', 'booz allen', 'booz allen hamilton',
  'steve madden', 'tommy bahama', 'anne klein', 'kenneth cole', 'william hill', 'thomas pink', 'laura ashley',
  'albert heijn', 'christian louboutin', 'karen millen', 'jack wills', 'joe browns', 'thomas sabo', 'emilio pucci', 'roberto cavalli',
  'bobbi brown', 'laura mercier', 'mary kay', 'charlotte tilbury', 'jo malone', 'molton brown', 'dorothy perkins', 'tom ford',
  'tom tailor', 'kurt geiger', 'russell hobbs', 'morphy richards', 'wolfgang puck', 'sam adams', 'captain morgan', 'oliver peoples',
  'warby parker', 'adolfo dominguez', 'pepe jeans', 'pedro del hierro', 'eddie bauer', 'ann taylor', 'brooks brothers',
  'vera bradley', 'lilly pulitzer', 'rebecca minkoff', 'diane von furstenberg', 'alexander wang', 'phillip lim', 'paul frank',
  'sonia rykiel', 'isabel marant', 'christian lacroix', 'thierry mugler', 'jean patou', 'otto kern', 'bain capital',
  'sherwin williams', 'benjamin moore', 'allen edmonds', 'dr pepper', 'chef boyardee', 'papa john', 'jimmy john', 'ronald mcdonald',
  'colonel sanders', 'conrad hilton', 'marc o polo', 'estée lauder',
  'ted lasso', 'sherlock holmes', 'harry potter', 'james bond', 'santa claus',
  // authors and business figures quoted in sales talk
  'ray dalio', 'jim collins', 'peter thiel', 'reid hoffman', 'daniel kahneman', 'clayton christensen', 'malcolm gladwell',
  'stephen covey', 'adam grant', 'brené brown', 'brene brown', 'ben horowitz', 'eric ries', 'indra nooyi', 'jack dorsey',
  'reed hastings', 'howard schultz', 'phil knight', 'carlos slim', 'jamie dimon', 'larry fink', 'andy grove', 'jensen huang',
  'lisa su', 'sam altman', 'steve ballmer', 'paul graham', 'marc andreessen', 'nassim taleb', 'yuval noah harari', 'gary vaynerchuk',
  'chris voss', 'neil rackham', 'matthew dixon', 'brent adamson', 'aaron ross', 'jeb blount', 'mark roberge', 'geoffrey moore',
  'michael porter', 'philip kotler', 'w edwards deming', 'taiichi ohno', 'frederick taylor', 'napoleon hill', 'sun tzu',
  'angela merkel', 'emmanuel macron', 'barack obama', 'john f kennedy', 'jacinda ardern', 'christine lagarde', 'ursula von der leyen',
  // athletes, entertainers, chief executives and politicians people mention in small talk
  'lewis hamilton', 'cristiano ronaldo', 'lionel messi', 'serena williams', 'roger federer', 'rafael nadal', 'novak djokovic',
  'usain bolt', 'michael jordan', 'lebron james', 'tiger woods', 'david beckham', 'michael phelps', 'simone biles', 'taylor swift',
  'lin-manuel miranda', 'lin manuel miranda', 'tom hanks', 'meryl streep', 'leonardo dicaprio', 'brad pitt',
  'ed sheeran', 'lady gaga', 'dolly parton', 'elton john', 'paul mccartney', 'mick jagger', 'bruce springsteen', 'bob dylan',
  'kim kardashian', 'mary barra', 'andy jassy', 'marissa mayer', 'meg whitman', 'ginni rometty', 'lee iacocca',
  'arianna huffington', 'safra catz', 'larry ellison', 'michael bloomberg', 'charlie munger', 'cathie wood', 'mark cuban',
  'jeff weiner', 'brian chesky', 'travis kalanick', 'dara khosrowshahi', 'patrick collison', 'daniel ek', 'stewart butterfield',
  'drew houston', 'aaron levie', 'frank slootman', 'joe biden', 'donald trump', 'rishi sunak', 'keir starmer', 'boris johnson',
  'olaf scholz', 'pedro sánchez', 'giorgia meloni', 'narendra modi', 'justin trudeau', 'kamala harris', 'hillary clinton',
  'bill clinton', 'theresa may', 'margaret thatcher', 'tony blair',
  // people rooms, buildings and prizes are named after
  'marie curie', 'victor hugo', 'jean monnet', 'robert schuman', 'simone veil', 'albert camus', 'jules verne', 'gustave eiffel',
  'louis pasteur', 'ludwig van beethoven', 'wolfgang amadeus mozart', 'johann sebastian bach', 'johann wolfgang von goethe',
  'friedrich schiller', 'alexander von humboldt', 'max planck', 'konrad adenauer', 'miguel de cervantes', 'pablo picasso',
  'salvador dalí', 'salvador dali', 'frida kahlo', 'leonardo da vinci', 'galileo galilei', 'dante alighieri', 'vincent van gogh',
  'fernando pessoa', 'mahatma gandhi', 'jawaharlal nehru', 'grace hopper', 'tim berners-lee', 'charles darwin',
  'florence nightingale', 'jane austen', 'william shakespeare', 'charles dickens', 'stephen hawking', 'rosalind franklin',
  'katherine johnson', 'hedy lamarr', 'niels bohr', 'enrico fermi', 'guglielmo marconi', 'antoni gaudí', 'antoni gaudi',
  'claude monet', 'auguste rodin', 'nelson mandela', 'rosa parks', 'amelia earhart', 'charles de gaulle',
]); // prettier-ignore

/**
 * What a capitalised pair is when one of these words follows it: a company (`Mercer Freight`, `Robert Bosch
 * GmbH`), a building or a place named after someone (`Morgan Library`, `Lovelace Room`).
 */
const ORGANISATION_WORD =
  '(?:freight|logistics|group|holdings?|partners|consulting|capital|industries|foods|labs|laboratories|manufacturing|electric|services|digital|engineering|construction|airlines|airways|hotels|resorts|pharmaceuticals|therapeutics|biosciences|financial|securities|advisors|advisers|realty|properties|estates|studios|interiors|furniture|beverages|brewing|brewery|wines|records|publishing|press|retail|stores|clinic|dental|healthcare|medical|agency|analytics|robotics|networks|telecom|communications|automotive|aerospace|chemicals|steel|mining|utilities|mutual|credit union|systems|solutions|technologies|tech|software|media|bank|insurance|motors|energy|pharma|ventures|associates|brothers|bros|ltd|limited|inc|llc|llp|plc|gmbh|ag|kg|sa|sas|sarl|sl|bv|nv|spa|srl|lda|co|corp|company|foundation|institute|university|school|college|library|museum|hall|room|building|centre|center|prize|award|zaal|saal|raum|zimmer|kamer|street|road|avenue|stiftung|verlag|werke|platz|straße|strasse|allee|square|place|plaza|station|airport|hospital|hotel|park|bridge|stadium|arena|gallery|theatre|theater|logistik|logistique|logística|logistica|logistiek|gruppe|groupe|grupo|gruppo|groep|holding|beratung|conseil|consultores|consulenza|handel|technik|technologies|transporte|transports|trasporti|transport|immobilien|immobilier|versicherung|söhne|hermanos|fratelli|zonen|kg|kgaa|ohg|gbr|ltda|pty|oy|aps|a\\/s|s\\.a|s\\.l|s\\.p\\.a|b\\.v|n\\.v|bau|werk|kanzlei|atelier|cabinet|agence|taller|officina|bedrijf|verlag|integration|plugin|feature|theme|template|dashboard|jackets?|shoes|boots|bags?|perfume|collection|campaign|module|widget|connector|method|framework|principle|matrix|scholarship|fellowship|edition)(?![\\p{L}])';
const ORGANISATION_AFTER = new RegExp(`^,?\\s+(?:&|and\\s+(?:co|sons)\\b|${ORGANISATION_WORD})`, 'iu');
/** The word joined by a hyphen, in lower case (`Aletta Jacobs-zaal`; not `Emma Smith-Hall`): case-sensitive, the list being lower case. */
const ORGANISATION_JOINED_AFTER = new RegExp(`^-${ORGANISATION_WORD}`, 'u');
/** The same word read by the name model as the name's last word (`Anton Keller GmbH`), or joined to it in lower case (`Aletta Jacobs-zaal`). */
const ORGANISATION_LAST = new RegExp(`\\s${ORGANISATION_WORD}\\.?$`, 'iu');
const ORGANISATION_JOINED_LAST = new RegExp(`-${ORGANISATION_WORD}\\.?$`, 'u');
/**
 * An author cited with their book (`the book Principles; Ray Dalio makes a point`, `author Jim Collins`,
 * `Adam Grant's book`): a public figure, not a private person.
 */
const CITATION_BEFORE =
  /(?:(?<![\p{L}])(?:the|his|her|their|a|in)\s+(?:book|bestseller|novel)\b[^.!?]{0,30}|(?<![\p{L}])(?:author|book by|written by))\s*$/iu;
const CITATION_AFTER = /^['’]s\s+(?:book|books|bestseller|novel)(?![\p{L}])/iu;
/**
 * What a name is after words of admiration, fandom or imitation (`a big fan of …`, `admire …`, `à la …`, `inspired
 * by …`) or before `as an example` and a show or book of theirs: a public figure people talk about, in the drafts'
 * languages, not a private person the draft discloses.
 */
const PUBLIC_FIGURE_BEFORE =
  /(?<![\p{L}])(?:como (?:dice|decía|diz|dizia)|comme (?:dit|disait)|come (?:dice|diceva)|fan of|fans of|fan von|fan de|fan di|fan van|fan del|fan des|fan du|fã d[oae]|fanático de|fanática de|tifos[oa] di|schwärmt (?:von|für)|verehrt|admirer of|(?:favou?rite|favoriete|favorit[oa]|preferit[oa]|lieblings-?)\s*(?:author|writer|player|actor|actress|singer|band|artist|comedian|cabaretier|presenter|host|chef|athlete|footballer|driver|speaker|economist|philosopher|poet|musician|novelist|youtuber|influencer|coach|schrijver|zanger|zangeres|speler|acteur|actrice|auteur|chanteur|chanteuse|joueur|autor|autora|cantante|jugador|jugadora|actriz|scrittore|scrittrice|giocatore|attore|attrice|schauspieler|schauspielerin|sänger|sängerin|spieler|spielerin|escritor|escritora|jogador|ator|atriz)\s+(?:is|es|è|ist|est|é|was|era)|admires?|admired|admiring|admira|ammira|bewundert|bewundere|bewondert|bewonder|idolises|idolizes|idol|inspired by|inspiration from|role model|à la|style of|cites|cited|citing|zitiert|citeert|citato|citata|cité|citée|citado|citada|geciteerd|s'inspire de|inspirado por|inspirada por|ispirato da|ispirata da|(?:talk|keynote|speech|lecture|masterclass) (?:by|from)|(?:podcast|show|film|movie|concert) (?:by|with|of|from)|(?:charla|conferencia|ponencia|palestra|conférence|vortrag|rede|conferenza|lezing|toespraak) (?:de|del|da|di|von|van|mit|met|con|avec)|(?:nobel )?laureate|prize-winning|award-winning|world champion|olympic champion|olympian)\s+["„“”«‹‘’']?\s*$/iu;
const PUBLIC_FIGURE_AFTER =
  /^["„“”»›‘’']?\s*(?:aan\s+)?(?:(?:always says|always said|likes to say|liked to say|famously said|once said|puts it|immer sagte|immer sagt|zei ooit|zegt altijd)|(?:\p{L}+\s+){0,2}(?:favou?rite|favoriete|favorit[oa]|preferit[oa]|lieblings-?)\s*(?:author|writer|player|actor|actress|singer|band|artist|comedian|cabaretier|presenter|host|chef|athlete|footballer|driver|speaker|economist|philosopher|poet|musician|novelist|youtuber|influencer|coach|schrijver|zanger|zangeres|speler|acteur|actrice|auteur|chanteur|chanteuse|joueur|autor|autora|cantante|jugador|jugadora|actriz|scrittore|scrittrice|giocatore|attore|attrice|schauspieler|schauspielerin|sänger|sängerin|spieler|spielerin|escritor|escritora|jogador|ator|atriz)(?![\p{L}])|as an example|as a role model|as an inspiration|als voorbeeld|als Beispiel|als Vorbild|comme exemple|comme modèle|como ejemplo|como modelo|come esempio|come modello|como exemplo)(?![\p{L}])/iu;
const PUBLIC_WORK_AFTER =
  /^['’]s\s+(?:show|film|movie|concert|book|talk|podcast|keynote|speech|song|album|tour|interview|biography|restaurant|restaurants|brand|label|collection|foundation|empire|bestseller|novel|memoir|masterclass|ted talk)(?![\p{L}])/iu;
/**
 * Where someone works is a company, even one named after its founder (`works at Pierre Fabre`, `arbeitet jetzt bei
 * Hans Riegel`, `travaille chez Pierre Hermé`), in the drafts' languages; so is a competitor.
 */
const WORKPLACE_BEFORE =
  /(?<![\p{L}])(?:(?:works|working|worked|employed|a job|started|interned) at|(?:arbeitet|arbeitete|beschäftigt|angestellt)(?:\s+\p{L}+)?\s+bei|(?:travaille|travaillait|employée?|stage)(?:\s+\p{L}+)?\s+chez|(?:trabaja|trabajaba|empleada?|prácticas)(?:\s+\p{L}+)?\s+en|(?:lavora|lavorava|impiegata?)(?:\s+\p{L}+)?\s+presso|(?:werkt|werkte)(?:\s+\p{L}+)?\s+bij|(?:trabalha|trabalhava)(?:\s+\p{L}+)?\s+(?:na|no|em)|(?:competitor|rival|concurrent|concurrente|competidor|concorrente|wettbewerber|konkurrent)|lost (?:the deal|out) to)\s+$/iu;
/** `Jon Snow in the draft is a TV joke, not a person`: what the text says a name is, later in its sentence. */
const NOT_A_REAL_PERSON_AFTER =
  /^[^.!?;]{0,50}?(?<![\p{L}])(?:is|was|are)\s+(?:just\s+|only\s+)?(?:an?|the|our)\s+(?:\p{L}+\s+){0,3}?(?:joke|character|meme|placeholder|pseudonym|persona|mascot|codename|nickname)(?![\p{L}])|^[^.!?;]{0,60}?(?<![\p{L}])not\s+a\s+(?:real\s+)?person(?![\p{L}])|^\s+(?:is|es|è|est|ist|é)\s+(?:the|el|la|il|le|der|die|das|o|a|het|de)\s+(?:name of|nombre de|nome d[ie]|nom d[eu]|naam van|port|porto|puerto|city|ciudad|città|ville|stadt|region|región|regione|région|região|town)(?![\p{L}])/iu;
const STREET_WORD_LAST =
  /\s(?:street|st|road|rd|avenue|ave|lane|drive|close|crescent|terrace|mews|gardens|grove|way|place|square|court|boulevard|walk|row|hill|park|green|rise|vale|parade)$/iu;
/** The first word of a family firm's name (`Hijos de Rivera`, `Fratelli Branca`): a company, not a person. */
const FAMILY_FIRM_FIRST_WORD = /^(?:hijos|hermanos|fratelli|figli|söhne|gebrüder|gebroeders|irmãos|filhos|frères|fils|brothers|sons)\s/iu;
/** What a name right after one of these words is: a room or building named after someone (`salle Marie Curie`). */
const VENUE_BEFORE =
  /(?<![\p{L}])(?:room|meeting room|hall|auditorium|lounge|wing|building|suite|salle|amphi|amphithéâtre|bâtiment|sala|aula|auditorio|edificio|saal|raum|gebäude|zaal|gebouw|sala de reuniões|edifício|hospital|hôpital|ospedale|krankenhaus|ziekenhuis|hotel|airport|aéroport|aeropuerto|aeroporto|flughafen|station|gare|estación|stazione|bahnhof|museum|musée|museo|university|université|universidad|università|universität|universiteit|universidade|college|school|lycée|école|colegio|escuela|liceo|scuola|schule|institute|institut|instituto|istituto|foundation|fondation|fundación|fondazione|stiftung|stadium|stade|estadio|stadio|stadion|park|parc|parque|parco|avenue|street|rue|calle|rua|platz|plaza|piazza|praça|metro|métro|\p{L}+(?:raum|saal|zimmer|zaal|kamer))\s+["„“”«‹‘’']?\s*$/iu;

/**
 * Words that open a letter or close it and are names too (`Liebe Anna` and Hans Liebe, `Dag Anna` and Dag Hansen,
 * `Querido Juan`, `Beste Femke`): before the recipient's name, or alone (`Alles Liebe`, `Hasta Luego`), they make no
 * one a third party; before anyone else, they may be a name.
 */
const SALUTATIONS = new Set([
  'liebe', 'lieber', 'liebes', 'lieve', 'sehr', 'geehrte', 'geehrter', 'querido', 'querida', 'estimado', 'estimada',
  'prezado', 'prezada', 'caro', 'cara', 'gentile', 'gentili', 'cher', 'chère', 'dag', 'beste', 'geachte', 'hej', 'hei',
  'salve', 'tag', 'gott', 'grüß', 'alles', 'hasta', 'luego', 'bom', 'boa', 'dia', 'día', 'buen', 'buena', 'kia', 'ora',
]); // prettier-ignore

/** Greetings a name model may read as part of the name that follows (`Olá Tiago`). */
const GREETINGS = new Set([
  'hi',
  'hello',
  'hey',
  'dear',
  'olá',
  'ola',
  'hola',
  'bonjour',
  'salut',
  'ciao',
  'hallo',
  'hoi',
  'namaste',
  'thanks',
  // greetings that are surnames too (`Buongiorno Alessandro`)
  'buongiorno',
  'buonasera',
  'bonsoir',
  'goedemorgen',
  'goedemiddag',
  'goedenavond',
  'servus',
  'moin',
  'grüezi',
  'guten',
  'hiya',
  'grüße',
  'grüsse',
  'groeten',
]);

const TITLE =
  /^(?:dr|mr|mrs|ms|miss|prof|sir|herr|frau|mme|mlle|m|sr|sra|sig|sig\.ra|dott|señor|señora|senhor|senhora|monsieur|madame|signor|signora)\.?\s+/i;
const comparable = (name: string) =>
  name
    .toLowerCase()
    // the possessive, also after a final s (`Steve Jobs'`)
    .replace(/['’]s(?![\p{L}])|(?<=s)['’](?![\p{L}])/gu, '')
    .replace(/[^\p{L}\s'’-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * A title before a first and last name (`Frau Katrin Albers`, `la dottoressa Giulia Ferri`); `Sr.` is left out,
 * being `Senior` in job titles (`Sr. Account Executive`).
 */
const TITLE_BEFORE =
  /(?<![\p{L}])(?:dr|mr|mrs|ms|miss|prof|herr|frau|mme|mlle|madame|monsieur|señor|señora|sra|senhor|senhora|dott|dottor|dottore|dottoressa|ing|avv|signor|signora|mevrouw|meneer|dhr|mevr)\.?\s+$/iu;

/**
 * Hindi-English: a name as the one who said or sent something (`Sneha Kulkarni ne bola`), or with an honorific
 * (`Rakesh Gupta ji`).
 */
const SPEAKER_AFTER =
  /^\s+(?:ji|jee|sahab|saheb|ne\s+(?:bola|boli|kaha|bataya|batayi|likha|bheja|call kiya|mail kiya|confirm kiya))(?![\p{L}])/iu;

/**
 * What a rep writes after a person (ROLE_AFTER, TEAM_AFTER, DEED_AFTER): their role (`(CFO)`, `, their IT lead`), their
 * team or office (`from IT`, `from the Oslo office`), or what they did (`signed off`). The words for a role first.
 */
const ROLE_WORD =
  '(?:head|director|manager|lead|admin|owner|buyer|champion|sponsor|founder|engineer|architect|analyst|controller|accountant|treasurer|counsel|assistant|finance|procurement|purchasing|legal|ops|cfo|ceo|cto|coo|cio|ciso|vp|evp|svp)';
/** A role after a name: alone in brackets, in an apposition, or as their part in the deal (`(CFO)`, `, their IT lead`, `is the decision maker`). */
const ROLE_AFTER = [
  new RegExp(String.raw`^\s*\(${ROLE_WORD}(?:\s+(?:admin|lead|head|manager|director|buyer|owner|team))?\)`, 'iu'),
  new RegExp(String.raw`^,\s+(?:their|our|the|her|his)\s+(?:\p{L}+\s+)?${ROLE_WORD}(?![\p{L}])`, 'iu'),
  /^\s+(?:is|was)\s+(?:the|our|their)\s+(?:\p{L}+\s+){0,2}(?:decision maker|decision-maker|economic buyer|champion|blocker|budget holder|signatory|approver|point of contact)(?![\p{L}])/iu,
];
/**
 * A team or an office after a name (`(IT)`, `from procurement`, `from the Oslo office`): a product's or a company's
 * too (`Kafka Connect (IT)`, `Sandvik Coromant from the Oslo office`).
 */
const TEAM_AFTER = [
  /^\s*\((?:IT|HR|EA|PA)(?:\s+(?:admin|lead|head|manager|director|team))?\)/u,
  /^\s+(?:from|in|at)\s+(?:the\s+|their\s+|our\s+)?(?:ops|operations|finance|procurement|purchasing|legal|security|infosec|engineering|accounts|accounting|billing|partner side|their side|our side|front desk|reception)(?![\p{L}])/iu,
  /^\s+(?:from|in|at)\s+(?:the\s+|their\s+|our\s+)?(?:IT|HR)(?![\p{L}])/u,
  /^\s+(?:from|at)\s+(?:the|their|our)\s+\p{Lu}\p{L}+\s+(?:\p{Ll}+\s+)?(?:office|team|depot|site|branch|plant|warehouse|hq)(?![\p{L}])/u,
];
/** Speaking, attending, signing after a name (`Raimonds Kalniņš attended`): a company's too (`Mercado Libre said yes`). */
const DEED_AFTER =
  /^\s+(?:said|says|told|asked|agreed|attended|mentioned|replied|emailed|phoned|called back|signed off|will draft)(?![\p{L}])/iu;
/** Whether the text after a name gives the person's role, team or office, or a deed (ROLE_AFTER, TEAM_AFTER, DEED_AFTER). */
const personAfter = (after: string) =>
  ROLE_AFTER.some((pattern) => pattern.test(after)) || TEAM_AFTER.some((pattern) => pattern.test(after)) || DEED_AFTER.test(after);

/** Words before a name that say it is a third party, in the languages the drafts are written in. */
const THIRD_PARTY_CUE =
  /(?<![\p{L}])(?:colleague|coworker|co-worker|manager|assistant|asistente|assistente|assistent|secretary|secretaria|segretaria|sekretärin|boss|partner|wife|husband|spouse|neighbou?r|friend|brother|sister|son|daughter|mother|father|cousin|deputy|lead|director|head|founder|accountant|lawyer|advisor|adviser|cfo|ceo|cto|coo|contact|collègue|kollegin|kollege|compañer[oa]|colega|collega|collaboratore|collaboratrice|met|met with|spoke with|spoke to|talked to|talked with|thanks to|loop in|looped in|introduced me to|cc'd|cc'ed|cc-ed|cc|copied|copying|looping in|introduce you to|introducing|femme|mari|épouse|époux|fille|fils|voisin|voisine|assistante|ehefrau|ehemann|tochter|sohn|nachbar|nachbarin|assistentin|esposa|esposo|marido|hija|hijo|vecin[oa]|presento a|presento|te presento a|les presento a|je vous présente|je te présente|moglie|marito|figlia|figlio|vicin[oa]|vi presento|ti presento|echtgenote|dochter|zoon|buurman|buurvrouw|mulher|filha|filho|vizinh[oa]|apresento)\s+$/iu;
/** A first and last name in any case after such a word and a title: `your neighbour, mrs. eleanor hughes`. */
const TITLED_AFTER_CUE = new RegExp(
  `${THIRD_PARTY_CUE.source.replace(/\\s\+\$$/, '')},?\\s+(?:dr|mr|mrs|ms|miss|prof|herr|frau|mme|sr|sra)\\.?\\s+(\\p{L}[\\p{L}'-]+\\s+\\p{L}[\\p{L}'-]+)(?![\\p{L}])`,
  'iu',
);
/** A capitalised name word, also with a prefix that keeps its own capital (`McAllister`, `O'Brien`, `FitzGerald`). */
const NAME_WORD = "(?:Mc|Mac|O['’]|D['’]|Fitz)?\\p{Lu}[\\p{Ll}'-]+";
const withoutAccents = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '');
/**
 * A given name and a surname in lower case after such a word, also set off by commas or after whose colleague it is
 * (`her assistant, jane porter,`, `la asistente de Lorena, maría josé quintana`).
 */
const LOWERCASE_AFTER_CUE = new RegExp(
  `${THIRD_PARTY_CUE.source.replace(/\\s\+\$$/, '')}(?:\\s+(?:de|of|di|von|van|da|du)\\s+\\p{Lu}\\p{L}+)?,?\\s+(\\p{Ll}[\\p{Ll}'-]+(?:\\s+\\p{Ll}[\\p{Ll}'-]+){1,2})(?![\\p{L}])`,
  'u',
);
const CAPITALISED_FULL_NAME = new RegExp(
  // a name never runs over a line break (`Marta Gil` above `Tfno. 91 …` in a signature)
  `${NAME_WORD}(?:[^\\S\\n]+(?:de|van|von|der|den|da|di|del|le|la|du|o'|mac|mc|ter|bin|binti|ibn)?[^\\S\\n]*${NAME_WORD}){1,2}(?![\\p{L}])`,
  'uy',
);
/**
 * Words that make a capitalised pair something other than a person: salutations and season's greetings in the
 * drafts' languages (`Buenos Días`, `Joyeux Noël`) and the names of teams and terms (`Legal Ops`, `Grace Period`).
 */
const NOT_A_NAME = new Set([
  'sir', 'madam', 'madame', 'sirs', 'team', 'all', 'buenos', 'buenas', 'días', 'dias', 'tardes', 'noches', 'joyeux',
  'bonne', 'bon', 'année', 'noël', 'feliz', 'navidad', 'año', 'frohe', 'weihnachten', 'buon', 'natale', 'buona',
  'merry', 'christmas', 'happy', 'new', 'year', 'morning', 'evening', 'ops', 'operations', 'legal', 'sales', 'support',
  'finance', 'marketing', 'procurement', 'department', 'office', 'period', 'group', 'services', 'solutions',
  'rue', 'calle', 'avenida', 'piazza', 'rua', 'straße', 'strasse', 'salle', 'sala',
  // places named after saints and landmarks (`Saint Étienne`, `San Sebastián`, `Fort William`)
  'saint', 'sainte', 'san', 'santa', 'santo', 'são', 'sankt', 'puerto', 'porto', 'fort', 'mount', 'lake', 'cape',
  // weekdays in the drafts' languages (`Segunda Feira`) and words for a company or a building
  'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi',
  'samedi', 'dimanche', 'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag', 'lunedì', 'martedì',
  'mercoledì', 'giovedì', 'venerdì', 'sabato', 'domenica', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag',
  'zondag', 'segunda', 'terça', 'quarta', 'quinta', 'sexta', 'feira',
  // holidays, which the name lists may hold and the lexicon does not (`after Easter`)
  'easter', 'diwali', 'ramadan', 'hanukkah', 'thanksgiving', 'passover', 'pentecost', 'whitsun', 'firma', 'empresa', 'société', 'azienda', 'bedrijf',
  'consultancy', 'residency', 'residence', 'apartments', 'towers', 'heights', 'enclave', 'villas', 'beach', 'bay', 'island',
  'valley', 'river', 'coast', 'harbour', 'harbor', 'springs', 'falls', 'hills', 'city', 'county', 'state', 'town', 'village',
  // titles, which the given-name lists may hold too (`Herr Brandt`)
  'herr', 'herrn', 'frau', 'mr', 'mrs', 'ms', 'dr', 'monsieur', 'señor', 'señora', 'signor', 'signora', 'senhor', 'senhora', 'mevrouw',
  'meneer', 'don', 'doña',
  // software and service words (`Travis CI`, `Acme Cloud`)
  'ci', 'api', 'crm', 'erp', 'saas', 'platform', 'app', 'cloud', 'hq',
  // job titles a model reads as a name after `Sr.`
  'account', 'executive', 'manager', 'director', 'officer', 'engineer', 'president', 'vice', 'chief', 'senior', 'junior',
  'specialist', 'consultant', 'representative', 'success', 'customer', 'product', 'analyst', 'architect', 'developer',
  'coordinator', 'administrator', 'associate',
]); // prettier-ignore

/**
 * First words, or first two, of places, boards and feasts, some of them names elsewhere (`Port Louis`, `Ras Al Khaimah`,
 * `Raad van Bestuur`, `Dia de Reyes`; not `Ana Vila`, `Raad Hassan`).
 */
const NOT_A_NAME_FIRST = new Set([
  'port', 'ciudad', 'cabo', 'kota', 'kuala', 'juiz', 'comité', 'comite', 'comitato', 'conselho', 'consejo', 'consiglio',
  'acuerdo', 'vorstand', 'ausschuss', 'día', 'vila', 'ras', 'raad van', 'dia de', 'dia dos',
]); // prettier-ignore

/** A name model's span that ran on into lowercase words (`Victor Hugo de notre`) ends at its last capitalised word. */
const withoutTrailingParticles = (name: string) => (/^\p{Lu}/u.test(name) ? name.replace(/(?:\s+\p{Ll}[\p{L}'-]*)+\s*$/u, '') : name);

/** compromise's lexicon: the part of speech it knows a word as (`happy` an adjective, `grant` a first name). */
const LEXICON = (nlp as unknown as { model: () => { one: { lexicon: Record<string, string | string[]> } } }).model().one.lexicon;
const lexiconTags = (word: string): string[] => [LEXICON[word] ?? []].flat();
const NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'Person', 'LastName']);
const NOT_A_SURNAME_TAGS = new Set(['Verb', 'Adjective', 'Adverb', 'Date', 'Place', 'Organization', 'Plural', 'Value', 'Pronoun']);
const knownAsOtherThanName = (word: string) => lexiconTags(word).length > 0 && !lexiconTags(word).some((tag) => NAME_TAGS.has(tag));
/**
 * What a capitalised pair ending in a word compromise knows as a plural, a verb form, a place or a date is: a
 * product, a place or an event (`Jasper Reports`, `Cody Wyoming`), whatever the model guessed.
 */
const NOT_A_NAME_ENDING_TAGS = new Set(['Plural', 'PresentTense', 'Gerund', 'Place', 'Region', 'City', 'Country', 'Month', 'WeekDay']);
const endsInOrdinaryWord = (name: string) => {
  const last = name.toLowerCase().split(/\s+/).pop() ?? '';
  return knownAsOtherThanName(last) && lexiconTags(last).some((tag) => NOT_A_NAME_ENDING_TAGS.has(tag));
};
/**
 * Nor is one that starts with a company or a place compromise knows (`Google Cloud`, `Paris Office`), or that it knows
 * whole as one (`Addis Ababa`, `Kuala Lumpur`).
 */
const ORGANISATION_OR_PLACE_TAGS = new Set(['Organization', 'City', 'Country', 'Region', 'Place']);
const knownAsOrganisationOrPlace = (key: string) => lexiconTags(key).some((tag) => ORGANISATION_OR_PLACE_TAGS.has(tag));
const namesOrganisationOrPlace = (name: string) => {
  const lower = name.toLowerCase();
  return knownAsOrganisationOrPlace(lower) || knownAsOrganisationOrPlace(lower.split(/\s+/)[0] ?? '');
};

/**
 * A given name in gender-detection-from-name's lists (English, French, German, Spanish, Italian, Turkish) or in the
 * name lists of 70 locales (listedGivenName) that compromise does not know as an ordinary word: `Sneha`, `Aurélie`,
 * `Giulia`, `Kwame`, `Femke`, `Seo-yeon`, not `Summer`, `Happy` or `June`.
 */
function isGivenName(word: string): boolean {
  const lower = word.toLowerCase();
  return (getGender(lower) !== 'unknown' || listedGivenName(lower)) && !knownAsOtherThanName(lower) && !NOT_A_NAME.has(lower);
}

/** A capitalised word compromise knows as nothing but a name, or not at all (`Olusegun`, `Kamau`), and no word of NOT_A_NAME. */
const nameOnlyWord = (word: string) => word.length >= 2 && !knownAsOtherThanName(word.toLowerCase()) && !NOT_A_NAME.has(word.toLowerCase());

/**
 * Whether a capitalised run of words reads as a given name and a surname in either order: a listed given name before a
 * surname-like word (`Sneha Kulkarni`), or a listed surname before a given name (`Nguyen Thi Lan`, `Wang Xiaoming`)
 * that is not the recipient's (`Liebe Anna`: a greeting the surname lists hold, before the recipient).
 */
function isGivenNameAndSurname(words: string[], recipient: Recipient): boolean {
  const first = words[0];
  const last = words[words.length - 1];
  if (isGivenName(first) && isSurnameLike(last)) return true;
  const recipientsFirstName = recipient.first_name !== undefined && foldName(last) === foldName(recipient.first_name);
  return listedSurname(first) && isSurnameLike(first) && isGivenName(last) && !recipientsFirstName;
}

/**
 * A capitalised word, not glued to a letter or a digit before it, with its hyphenated parts and a capital's prefix
 * (`Anne-Marie`, `Seo-yeon`, `DeShawn`, `N'Diaye`, `O'Brien`; not `AWS`).
 */
const CAPITALISED_WORD =
  /(?<![\p{L}\p{M}\p{N}])(?:\p{Lu}['’](?=\p{Lu}))?\p{Lu}[\p{Ll}\p{M}]+(?:\p{Lu}[\p{Ll}\p{M}]+)?(?:-\p{L}[\p{Ll}\p{M}]*)*(?![\p{L}\p{M}])/gu;
/** A name before such a word names a place (`the Austin office`, `the Victoria warehouse`). */
const PLACE_AFTER = /^\s+(?:office|offices|region|warehouse|branch|site|plant|campus|store|factory|depot|hq|headquarters)\b/iu;
/** A name right before a company word names the company (`Jordan Logistics`); not before a comma or a title (`Priya, co-founder`). */
const COMPANY_AFTER = new RegExp(`^\\s+${ORGANISATION_WORD}(?!-)`, 'iu');
/** A single name after such a word names a thing (`the Alexa rollout`, `their Wendy's sites`). */
const THING_BEFORE = /(?:^|[^\p{L}])(?:the|our|your|their|its|my|his)\s+$/iu;
/**
 * What a word that starts a sentence or a line comes after: a full stop (not an abbreviation's: `e.g. Frank`), a
 * question or exclamation mark, maybe closing quotes, and a space; or a line break and maybe a bullet; then maybe
 * opening quotes or a bracket.
 */
const SENTENCE_START_BEFORE =
  /(?:(?:(?<!(?:^|[^\p{L}])(?:e\.g|i\.e|vs|approx|etc|incl|cf|ca|dept|mr|mrs|ms|dr|prof|st|no))\.|[!?…])["'”’»)\]]*\s|\n[^\S\n]*(?:[•*-]\s*)?)["'“‘«(\[]*$/iu;
/** What a word at the text's start may come after: spaces, a bullet, opening quotes or a bracket. */
const TEXT_START_BEFORE = /^\s*(?:[•*-]\s*)?["'“‘«(\[]*$/u;
const startsSentence = (text: string, index: number) =>
  (index <= 40 && TEXT_START_BEFORE.test(text.slice(0, index))) || SENTENCE_START_BEFORE.test(text.slice(Math.max(0, index - 40), index));
/** A word the lexicon knows as a date, a place or another proper noun is never taken for a name (`June`, `Paris`, `Florence`). */
const DATE_OR_PLACE_TAGS = new Set([
  'Month',
  'WeekDay',
  'Date',
  'Holiday',
  'City',
  'Country',
  'Region',
  'Place',
  'Organization',
  'ProperNoun',
]);
/** The months, which the lexicon may know as something else first (`may`, a modal). */
const MONTHS = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]);

/**
 * Whether `word` may be a given name: one in the given-name lists that the lexicon knows as no other word (isGivenName),
 * or, away from a sentence's start (capitalised there for the sentence: `Will send the deck`), one it knows as an
 * ordinary word too (`ask Frank`, `Max from IT`), unless as a date or a place.
 */
function mayBeGivenName(word: string, sentenceStart: boolean): boolean {
  if (isGivenName(word) || isGivenName(withoutAccents(word))) return true;
  const lower = word.toLowerCase();
  if (sentenceStart || getGender(lower) === 'unknown' || NOT_A_NAME.has(lower) || MONTHS.has(lower)) return false;
  return !lexiconTags(lower).some((tag) => DATE_OR_PLACE_TAGS.has(tag));
}

/** A name's words, folded for comparison: lower case, no accents, split at hyphens and spaces. */
const foldedParts = (name: string) =>
  withoutAccents(name.normalize('NFKC'))
    .toLowerCase()
    .split(/[\s-]+/u)
    .filter(Boolean);

/** Whether `name` begins with all of `start`'s words. */
const beginsWith = (name: string[], start: string[]) =>
  start.length > 0 && start.length <= name.length && start.every((part, i) => part === name[i]);

/**
 * The capitalised words that write the recipient's first name: a word that is it or begins it (`Anne` for Anne-Marie),
 * one that goes on in lower case after it (`Priya-led`; not `Jo-Ann` for Jo), and words side by side that spell it
 * (`Maria Jose` for María José; not `Anne Marie-Claire` for Anne Marie).
 */
function recipientWords(words: RegExpMatchArray[], text: string, recipient: Recipient): Set<RegExpMatchArray> {
  const name = recipient.first_name ? foldedParts(recipient.first_name) : [];
  const found = new Set<RegExpMatchArray>();
  if (name.length === 0) return found;
  // the words' hyphenated parts as written: whatever follows the name must start in lower case
  const spells = (run: RegExpMatchArray[]) => {
    const written = run.flatMap((word) => word[0].split('-'));
    const parts = run.flatMap((word) => foldedParts(word[0]));
    if (run.length === 1 && beginsWith(name, parts)) return true;
    return beginsWith(parts, name) && written.slice(name.length).every((part) => !/^\p{Lu}/u.test(part));
  };
  words.forEach((word, index) => {
    for (let end = index; end < words.length; end += 1) {
      const between = end === index ? ' ' : text.slice(words[end - 1].index! + words[end - 1][0].length, words[end].index);
      if (!/^\s+$/u.test(between)) break;
      const run = words.slice(index, end + 1);
      if (spells(run)) run.forEach((spelled) => found.add(spelled));
      if (run.flatMap((spelled) => foldedParts(spelled[0])).length >= name.length) break;
    }
  });
  return found;
}

/**
 * Every given name standing alone (`ask for Priya`, `Tomasz signed off`): a capitalised word, hyphenated parts
 * included, one of whose capitalised parts may be a given name (mayBeGivenName), unless a single one follows "the" or
 * a possessive pronoun (`the Alexa rollout`) or it comes right before a company or place word (`Jordan Logistics`,
 * `the Austin office`); nor the recipient's own first name, accents and case aside (recipientWords). For what leaves
 * the process (the LLM's prompt), not for screening: a draft may name the rep. Give it the text as the detector reads
 * it (normaliseForDetection: no invisible characters, look-alike letters folded).
 */
export function findLoneGivenNames(text: string, recipient: Recipient): PiiFinding[] {
  const words = [...text.matchAll(CAPITALISED_WORD)];
  const recipients = recipientWords(words, text, recipient);
  // the recipient's first name, also written without its hyphen or with letters folded (`Seoyeon`, `Lukasz`)
  // also with an elided article's capital before it (`D'Isabelle`, which CAPITALISED_WORD reads as one word)
  const isRecipients = (match: RegExpMatchArray) =>
    recipients.has(match) ||
    (recipient.first_name !== undefined &&
      [match[0], match[0].replace(/^\p{Lu}['’]/u, '')].some((written) => sameName(written, recipient.first_name!)));
  const found = new Set(
    words.filter((match, index) => {
      const word = match[0];
      if (isRecipients(match)) return false;
      // a salutation before the lead's first name or another salutation (`Dag Anna`, `Bom dia`, `Kia ora`)
      const next = words[index + 1];
      const nextWord = /^[^\S\n]+(\p{L}+)/u.exec(text.slice(match.index + word.length))?.[1];
      const greets =
        (next !== undefined && next.index === match.index + word.length + 1 && isRecipients(next)) ||
        SALUTATIONS.has(nextWord?.toLowerCase() ?? '');
      if (SALUTATIONS.has(word.toLowerCase()) && greets) return false;
      const before = text.slice(Math.max(0, match.index - 12), match.index);
      const after = text.slice(match.index + word.length, match.index + word.length + 25);
      if ((!word.includes('-') && THING_BEFORE.test(before)) || COMPANY_AFTER.test(after) || PLACE_AFTER.test(after)) return false;
      if (inKnownProperName(words, index, text)) return false;
      // a word the lexicon does not know and reads as no adverb or plural, after a person's cue or before a role,
      // a team or what a person does (`looped in Senthil`, `Senthil (IT)`, `Kittipong signed off`; not `Google Sheets (ops)`)
      const following = text.slice(match.index + word.length, match.index + word.length + 50);
      const cued = THIRD_PARTY_CUE.test(text.slice(Math.max(0, match.index - 25), match.index)) || personAfter(following);
      const unknownWord = lexiconTags(word.toLowerCase()).length === 0 && !NOT_A_NAME.has(word.toLowerCase());
      if (cued && word.length >= 3 && unknownWord && !readsAsOrdinaryWord(word)) return true;
      const sentenceStart = startsSentence(text, match.index);
      // a part (`Anne` of Anne-Marie, `Neil` of O'Neil) or, hyphens aside, the whole (`Min-jun`, listed as `minjun`)
      const parts = word.replace(/^\p{Lu}['’]/u, '').split('-');
      if (parts.length > 1 && mayBeGivenName(word, sentenceStart)) return true;
      return parts.some((part, index) => /^\p{Lu}/u.test(part) && mayBeGivenName(part, sentenceStart && index === 0));
    }),
  );
  // a name found is one wherever it is written again as a name could be (`Rituparna from finance…, Rituparna pushed
  // back`; not `Ask Will… Will send the deck`), and a word the lexicon knows only as a name, or not at all, right beside
  // one found is the rest of the name (`Njoroge Mwangi from IT`): the model gets no half of a full name
  const spellings = new Set([...found].map((match) => match[0]));
  for (const match of words) {
    const word = match[0];
    if (!spellings.has(word) || isRecipients(match)) continue;
    if (lexiconTags(word.toLowerCase()).length === 0 || mayBeGivenName(word, startsSentence(text, match.index))) found.add(match);
  }
  const joinsName = (match: (typeof words)[number], index: number) => {
    const lower = match[0].toLowerCase();
    if (found.has(match) || isRecipients(match) || !nameOnlyWord(match[0]) || GREETINGS.has(lower) || SALUTATIONS.has(lower)) return false;
    if (inKnownProperName(words, index, text)) return false;
    // at a sentence's start, one the lexicon knows as nothing or as a surname only (`Sato Kenta prefers…`)
    return !startsSentence(text, match.index) || lexiconTags(lower).every((tag) => tag === 'LastName');
  };
  // or joined to one found as another of a list of people, if no English word (`Nomvula + Thabo`; not `Priya and Stripe`)
  const listedBeside = (left: RegExpMatchArray, right: RegExpMatchArray, other: RegExpMatchArray) =>
    listedWith(text, left, right) && !isEnglishWord(other[0]);
  // rightwards from each name found, then leftwards: each pass carries a run of such words along in one go
  for (let index = 1; index < words.length; index += 1) {
    const [left, right] = [words[index - 1], words[index]];
    if (found.has(left) && (adjoining(text, left, right) || listedBeside(left, right, right)) && joinsName(right, index)) found.add(right);
  }
  for (let index = words.length - 2; index >= 0; index -= 1) {
    const [left, right] = [words[index], words[index + 1]];
    if (found.has(right) && (adjoining(text, left, right) || listedBeside(left, right, left)) && joinsName(left, index)) found.add(left);
  }
  return words.filter((match) => found.has(match)).map((match) => finding(match.index, match.index + match[0].length));
}

/** A word with its inner apostrophes and hyphens (`n'diaye`, `seo-yeon`, `burak's`), not glued to a letter or a digit before it. */
const ANY_WORD = /(?<![\p{L}\p{M}\p{N}'’])\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*/gu;
/** Whether a word is all capitals, or all lower case (`ß`, with no one-letter capital, counts as neither: `GROßMANN`). */
const isUpperCase = (word: string) => /\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word.replace(/ß/gu, ''));
const isLowerCase = (word: string) => /\p{Ll}/u.test(word) && !/\p{Lu}/u.test(word);
/**
 * Each character's own case mapping, kept only where it is one character, so that the text keeps its length and every
 * offset; a capital dotted I is an i (its own lower case, `i̇`, is two).
 */
const recased = (word: string, change: (letter: string) => string) =>
  [...word]
    .map((letter) => {
      const changed = letter === 'İ' && change(letter) !== letter ? 'i' : change(letter);
      return changed.length === letter.length ? changed : letter;
    })
    .join('');
/** An elided article or preposition before a word, which is not part of it (`d'isabelle`, `dell'anna`); not `n'`: `n'diaye`. */
const ELISION = /^(?:d|l|j|m|t|s|c|qu|dell|dall|nell|sull|all)['’]/iu;
/** A word without its possessive ending (`burak's` → `burak`). */
const withoutPossessive = (word: string) => word.replace(/['’]s$/u, '');

/**
 * A name that is more than an English word (isEnglishWord): a given name of the lists that compromise knows as no other
 * word (isGivenName) and the dictionary does not hold, nor a month or a day (`priya`, `nomvula`; not `mark`, `john`,
 * `julio`, `morgen`).
 */
const plainlyGivenName = (word: string) =>
  word.length >= 3 && (isGivenName(word) || isGivenName(withoutAccents(word))) && !isEnglishWord(word) && !isDateWord(word);
/** A given name that is also a word (`john`, `mark`, `chase`): compromise knows it as nothing but a name, the dictionary as a word. */
const givenNameOrWord = (word: string) =>
  !knownAsOtherThanName(word) && (isGivenName(word) || lexiconTags(word).some((tag) => NAME_TAGS.has(tag)));
/**
 * A word neither the lexicon nor the dictionary knows, of four letters or more, reading as no adverb or plural
 * (`wanjiru`, `adeyemi`; not `renewals`, nor `fyi`, `tbd`, `eod`).
 */
const unknownWord = (word: string) =>
  word.length >= 4 &&
  lexiconTags(word).length === 0 &&
  !isEnglishWord(word) &&
  !isDateWord(word) &&
  !NOT_A_NAME.has(word) &&
  !readsAsOrdinaryWord(word);
/**
 * A surname the lists hold, or in an English note one of four letters or more the lexicon knows (`dunn`, `chowdhury`;
 * its list has words of other languages: `pak`, `ito`, `hart`), that reads as no verb, adverb, date or function word,
 * beside a given name (`kulkarni`, `king`, `brown`, `das`; not `will`).
 */
const surnameBesideName = (word: string, english: boolean) => {
  const surname = listedSurname(word) || (english && word.length >= 4 && lexiconTags(word).includes('LastName'));
  if (!surname || NOT_A_NAME.has(word) || isEnglishFunctionWord(word)) return false;
  const tags = wordTags(word);
  return !tags.some((tag) => NOT_A_SURNAME_TAGS.has(tag) && tag !== 'Adjective' && !(tag === 'Plural' && !knownPlural(word, tags)));
};
/** Verbs of reaching someone, before a name typed in lower case in an English note: its indirect object (`email john the deck`). */
const REACHING_VERB_BEFORE =
  /(?:^|[^\p{L}])(?:ask|asked|tell|told|ping|pinged|call|called|email|emailed|thank|thanks|says|said|send|sent|forward|forwarded|remind|reminded|invite|invited|cc)\s+$/iu;
/** A preposition before such a name (`send it to john for review`, `with mark`). */
const PREPOSITION_BEFORE = /(?:^|[^\p{L}])(?:to|with|w\/|for|from|by)\s+$/iu;
/** Words before a name that greet its bearer (`morning sarah`, `thank you sarah`, `hey there sarah`). */
const BEFORE_A_GREETED_NAME = new Set([
  ...GREETINGS,
  ...SALUTATIONS,
  'morning',
  'afternoon',
  'evening',
  'cheers',
  'you',
  'there',
  'regards',
]);
/** The two words after a name, which may say what the person did. */
const TWO_WORDS_AFTER = /^[^\S\n]+(\p{L}[\p{L}'’-]*)(?:[^\S\n]+(\p{L}[\p{L}'’-]*))?/u;
/** Words before a deed that leave it one (`mark thompson also joined`, `has signed`). */
const BEFORE_A_DEED = new Set(['also', 'just', 'already', 'finally', 'recently', 'has', 'had', 'have']);
/** `to` before a word, which may then be a verb (`need to chase kim`). */
const INFINITIVE_TO_BEFORE = /(?:^|[^\p{L}])to\s+$/iu;
/** Verbs of talking, writing or reporting, after which `to` names whom (PREPOSITION_TO_BEFORE). */
const TALKING_VERB =
  'talks?|talked|talking|speaks?|speaking|spoke|spoken|chats?|chatted|chatting|writes?|writing|wrote|written|reply|replies|replied|replying|responds?|responded|responding|reports?|reported|reporting|belongs|belonged|addressed';
/** Verbs of sending, passing on, introducing or showing (PREPOSITION_TO_BEFORE). */
const SENDING_VERB =
  'sends?|sending|sent|forwards?|forwarded|forwarding|pass|passes|passed|passing|hands?|handed|handing|gives?|gave|given|giving|mentions?|mentioned|mentioning|explains?|explained|explaining|introduces?|introduced|introducing|emails?|emailed|emailing|shows?|showed|shown|showing';
/**
 * Verbs of handing, passing, referring or putting someone through, after which the person handed on goes to someone
 * (PREPOSITION_TO_BEFORE).
 */
const HANDING_VERB =
  'pass|passes|passed|passing|hands?|handed|handing|refers?|referred|referring|transfers?|transferred|transferring|connects?|connected|connecting|puts?|putting';
/** What is sent: a pronoun for a thing, or up to three words after a determiner (`the updated pricing deck`). */
const SENT_THING =
  '(?:it|this|that|them|these|those|everything|both|all|(?:the|a|an|our|your|my|this|that|these|those|both|all)(?:\\s+\\p{L}+){1,3})';
/** A person handed, sent or introduced on (`you`, `them all`). */
const PERSON_HANDED_ON = String.raw`(?:me|you|us|him|her|them|everyone)(?:\s+(?:all|both))?`;
/** The particle of someone or something sent on (`over to`, `back to`). */
const SENT_ON = '(?:over|along|on|back|across|off|through)';
/**
 * `to` that can only be a preposition: after a verb of talking, writing or reporting (`talk to grace kim`, `wrote back
 * to`, `spoke briefly to`), or of sending, passing on or introducing with what is sent (`send the contract to mark
 * thompson`, `forwarded it to`, `sent them all over to`), after introducing, mentioning or forwarding someone
 * (`introduced us to`), handing, passing or referring someone on (`i'll hand you over to`, `i'll pass you to`, `put
 * you through to`, `connect you directly to`), or after reaching out or getting back; not after `need`, `want`,
 * `going`, or another verb and a pronoun alone (`need you to mark thompson as the contact`, `emailed you to mark
 * thompson as the owner`).
 */
const PREPOSITION_TO_BEFORE = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:(?:${TALKING_VERB})(?:\s+back)?(?:\s+\p{L}+ly)?|(?:${SENDING_VERB})(?:\s+(?:over|across))?(?:\s+${SENT_THING})?(?:\s+(?:all|both))?(?:\s+${SENT_ON})?|(?:(?:re)?introduc\p{L}*|mention\p{L}*|forward\p{L}*)\s+${PERSON_HANDED_ON}|(?:${SENDING_VERB})\s+${PERSON_HANDED_ON}\s+${SENT_ON}|(?:${HANDING_VERB})\s+${PERSON_HANDED_ON}(?:\s+(?:straight|directly|through|right\s+over))?|(?:reach|reaches|reached|reaching)\s+out|(?:get|gets|got|gotten|getting)\s+back)\s+to\s+$`,
  'iu',
);
/**
 * Someone sent, after whom `to` tells what for (`sent the new rep to chase hilton`); not the team sent over or back
 * to someone, where a recipient is as likely and a name missed costs more than one held for review, nor someone
 * introduced (`introduced the team to mark thompson`).
 */
const PERSON_SENT_TO_BEFORE =
  /(?:^|[^\p{L}])(?:send|sends|sent|sending)\s+(?:(?:a|an|one|two|some|the|our|my|your|their|his|her|both|these|those|all)\s+)?(?:\p{L}+\s+){0,2}?(?:reps?|interns?|engineers?|techs?|technicians?|couriers?|drivers?|guys?|consultants?|agents?|colleagues?|managers?|teams?|someone|somebody|everyone|people|folks|staff|crew)\s+to\s+$/iu;
/**
 * A verb saying what someone did or does (`said`, `wants`), not an instruction (`chase`) nor a plural of a thing that
 * reads as a verb too (`quotes`): narrower than the reading of what follows a verb's object (objectFollows).
 */
const saysWhatSomeoneDid = (word: string) => {
  const tags = wordTags(word);
  return tags.includes('PastTense') || tags.includes('Copula') || tags.includes('Modal') || PRESENT_DEEDS.has(word) || pastOfVerb(word);
};
/**
 * A dictionary verb's past form, which compromise alone may take for an adjective: `-ed` after a stem of three letters or
 * more (`joined`, `agreed`; not `red`), `-ied` (`applied`), a doubled consonant (`planned`), and `left`, `quit`.
 */
const pastOfVerb = (word: string) => {
  if (word === 'left' || word === 'quit') return true;
  if (!/ed$/u.test(word)) return false;
  const stems = [
    word.slice(0, -1),
    word.slice(0, -2),
    /ied$/u.test(word) ? `${word.slice(0, -3)}y` : '',
    /(\p{L})\1ed$/u.test(word) ? word.slice(0, -3) : '',
  ];
  return stems.some((stem) => stem.length >= 3 && isEnglishVerb(stem));
};
/** What a person does, said in the present, that is no plural of a thing (`quotes`, `notes`, `updates` are both). */
const PRESENT_DEEDS = new Set(['wants', 'needs', 'says', 'thinks', 'agrees', 'prefers', 'likes', 'asks', 'knows', 'approves', 'confirms']);
/** After a word that may be a verb: its object, a determiner or a pronoun (`to chase the invoice`, `to mark it`). */
const OBJECT_AFTER = /^\s+(?:the|a|an|it|them|him|her|us|me|our|your|their|his|my)(?![\p{L}])/iu;
/** Words after a name that are no object or compound of it (`w/ john re pricing`, `call mark back tomorrow`). */
const NOT_AN_OBJECT = new Set(['re', 'regarding', 'today', 'tomorrow', 'tonight', 'later', 'again', 'too', 'also', 'asap', 'back', 'up']);
/** A title's full stop, which ends no sentence (`mr. patel`). */
const TITLE_STOP = String.raw`(?<=(?:^|[^\p{L}])(?:mr|mrs|ms|dr|prof|st|jr|sr))\.`;
/**
 * A sentence: up to a full stop (not a title's), a question or an exclamation mark, or a blank line (a greeting's
 * paragraph: `Hi Sarah,` then the body typed in lower case). A single line break goes on in the sentence.
 */
const SENTENCE = new RegExp(String.raw`(?:[^.!?\n]|\n(?![^\S\n]*\n)|${TITLE_STOP})+`, 'giu');
/** A clause: a sentence, or its part up to a semicolon or a line break. */
const CLAUSE = new RegExp(String.raw`(?:[^.!?;\n]|${TITLE_STOP})+`, 'giu');
/** A lower-case word of a note, where its name would start (after an elided article) and as the lists look it up. */
interface LowerCaseWord {
  index: number;
  written: string;
  lower: string;
}
/** Words that join names of one list of people in the drafts' languages, never a name themselves (LISTED_WITH). */
const JOINING_WORDS = new Set(['and', 'und', 'et', 'y', 'e', 'en', 'og', 'och']);
/** Whether one or two particles (PARTICLES) stand between a given name and a surname on one line (`femke de vries`, `jan van der berg`). */
const particlesBetween = (gap: string) => {
  const particles = gap
    .trim()
    .toLowerCase()
    .split(/[^\S\n]+/u);
  return /^[^\S\n]+\S/u.test(gap) && !gap.includes('\n') && particles.length <= 2 && particles.every((word) => PARTICLES.has(word));
};

/**
 * The text with the names that a rep typed in lower case, or in a sentence of capitals, capitalised as names are, for
 * the name rules to read (`spoke w/ priya re pricing` → `spoke w/ Priya re pricing`, `CALLED NOMVULA DLAMINI` →
 * `called Nomvula Dlamini`). A sentence in capitals (three words or more, two thirds of them so, or every word) is read
 * in lower case first, and so is a plain given name in capitals elsewhere (`Spoke with PRIYA`). In a sentence written
 * with its capitals, a lower-case word is a word, not a name, unless it is plainly a given name (plainlyGivenName) in
 * a note clearly English (twice as many English words as another language's function words: languageVotes; `Demo
 * went well, akosua wants the pack`). `cautious` is screening's reading, where a finding holds a draft for a person and
 * a lone given name is no finding: there no lower-case word of a sentence written with its capitals starts a name
 * (beside a capitalised word it would make a full name of a phrase: `te reo Māori`, Hindi's `kam hua` in a Hinglish
 * note). In a sentence typed in lower case or in capitals, in a note with more English
 * words than another language's function words, or none of these, a word (an elided article before it aside:
 * `d'isabelle`) is a name:
 * - when it is plainly a given name;
 * - a given name that is a word too (`john`, `mark`) after a person's cue or a title, before a role or a deed, after a
 *   verb of reaching someone, or after a preposition unless, being a verb too, its object follows (`email john the
 *   deck`, `send it to john`; not `to chase the invoice`); before a name found, where it is no verb (`with grace kim`,
 *   `mark thompson said yes`; not `to chase kim`);
 * - a word unknown to the lexicon and the dictionary after a cue or before a role or deed (`looped in wanjiru`,
 *   `kamau signed off`), with an unknown word before it (`wanjiru kamau signed off`);
 * - after a name so found, a surname or an unknown word beside it, also after a particle (`priya kulkarni`, `olusegun
 *   adeyemi`, `femke de vries`), or a name or an unknown word joined to it by "and" or "+" (`nomvula and thabo`).
 * In such a sentence in another of the drafts' languages, its function words are no names (`del`, `dann`); a plain
 * given name is one, an unknown word one after a cue, and the word after one only a listed surname. A title before a
 * name found is capitalised too (`mr. patel`). The lead's own first name is never one, nor are words only beside it,
 * unless a surname not the lead's follows it (`sarah jones`, sent to Sarah Chen).
 * Every offset stays where it was; a text with none of these comes back as it was.
 */
export function caseNames(text: string, recipient: Recipient = {}, { cautious = false } = {}): string {
  const units = text.split('');
  const rewrite = (at: number, written: string) => written.split('').forEach((unit, offset) => (units[at + offset] = unit));
  // where a rep typed in lower case or in capitals: each sentence that starts in lower case, each clause in capitals
  const typedInLowerCase = new Uint8Array(text.length);
  const mark = (start: number, length: number) => typedInLowerCase.fill(1, start, start + length);
  for (const sentence of text.matchAll(SENTENCE)) if (/^[^\p{L}]*\p{Ll}/u.test(sentence[0])) mark(sentence.index, sentence[0].length);
  for (const clause of text.matchAll(CLAUSE)) {
    const words = [...clause[0].matchAll(ANY_WORD)].filter((word) => word[0].length >= 2);
    const capitals = words.filter((word) => isUpperCase(word[0]));
    // capitals for emphasis, not acronyms (`Met the CFO and IT team at AWS`)
    if (capitals.length < 2 || (capitals.length < words.length && (capitals.length < 3 || capitals.length * 3 < words.length * 2))) {
      // elsewhere, a given name of four letters or more in capitals after a person's cue (`Spoke with PRIYA`; not `map to
      // DORA`), and a surname the lists or the lexicon hold in capitals beside it, capitalised as a name (`PRIYA
      // KULKARNI`), or such a pair after a verb of reaching someone (`Please call NOMVULA DLAMINI`; not `call DORA
      // about`); not a pair before a third word in capitals (a product: `THALES LUNA HSM`), nor the lead's own name
      words.forEach((word, index) => {
        const at = clause.index + word.index!;
        const given = word[0].toLowerCase();
        if (!isUpperCase(word[0]) || given.length < 4 || !plainlyGivenName(given)) return;
        if (recipient.first_name && sameName(given, recipient.first_name)) return;
        const [next, third] = [words[index + 1], words[index + 2]];
        const cued = THIRD_PARTY_CUE.test(text.slice(Math.max(0, at - 25), at));
        // after a cue, also a surname unknown to the lists and the lexicon with a vowel (`KULKARNI`; not `TLPT`)
        const surnameLike = (lower: string) => surnameBesideName(lower, true) || (cued && unknownWord(lower) && /[aeiouy]/u.test(lower));
        const surname =
          next !== undefined &&
          isUpperCase(next[0]) &&
          adjoining(clause[0], word, next) &&
          surnameLike(next[0].toLowerCase()) &&
          !(third !== undefined && isUpperCase(third[0]) && adjoining(clause[0], next, third));
        if (!cued && !(surname && REACHING_VERB_BEFORE.test(text.slice(Math.max(0, at - 14), at)))) return;
        rewrite(
          at,
          recased(word[0], (letter) => letter.toLowerCase()),
        );
        mark(at, word[0].length);
        if (surname) {
          const [initial, ...rest] = [...next[0]];
          rewrite(clause.index + next.index!, initial + recased(rest.join(''), (letter) => letter.toLowerCase()));
        }
      });
      continue;
    }
    for (const word of capitals)
      rewrite(
        clause.index + word.index!,
        recased(word[0], (letter) => letter.toLowerCase()),
      );
    mark(clause.index, clause[0].length);
  }
  // nothing typed in lower case or in capitals, and no lower-case word to take for a name elsewhere
  if (cautious && !typedInLowerCase.includes(1)) return text;
  const read = units.join('');
  // particles vote for no language (`ludwig von der leyen`)
  const readWords = [...read.matchAll(ANY_WORD)];
  const votes = languageVotes(readWords.map((word) => word[0].toLowerCase()).filter((word) => !PARTICLES.has(word)));
  // English, and so clearly English that a word the lists hold is a name, not a word of another language
  const english = votes.foreign === 0 || votes.english > votes.foreign;
  const clearlyEnglish = votes.english >= 2 && votes.english >= 2 * votes.foreign;
  const inLowerCaseSentence = (index: number) => typedInLowerCase[index] === 1;
  // each lower-case word as where its name would start and what it is, the elided article and the possessive aside
  const lowerCaseWords = readWords.filter((word) => isLowerCase(word[0]));
  // the lead's own first name, also in several words (`maria jose`, `jean luc`) or with an elided capital (`d'andre`)
  const leadsName = recipient.first_name ? foldedParts(recipient.first_name) : [];
  const theLeads = new Set<number>();
  lowerCaseWords.forEach((word, index) => {
    const run = lowerCaseWords.slice(index, index + leadsName.length);
    const spelled = run.flatMap((part) => foldedParts(withoutPossessive(part[0])));
    if (leadsName.length > 0 && spelled.join(' ') === leadsName.join(' ')) run.forEach((part) => theLeads.add(part.index));
    // or in one word (`maryann` for Mary Ann)
    if (leadsName.length > 1 && foldedParts(withoutPossessive(word[0])).join('') === leadsName.join('')) theLeads.add(word.index);
    if (recipient.first_name && sameName(withoutPossessive(word[0]), recipient.first_name)) theLeads.add(word.index);
  });
  // In a note surely English (three English words at least, three times another language's function words: not
  // `merci claire petit rappel pour demain`, `pour` and `petit` being English words too), the lead's one-word first name
  // right before a surname the lexicon knows as one (`jones`, `patel`; not `jira`, which a list holds), no English word,
  // no given name (perhaps the lead's own second one: `rahul kumar`, `anne marie`) and not the lead's, is someone else's
  // name (`sarah jones from procurement`, sent to Sarah Chen), as it is written with its capitals; not after a greeting
  // (`hi sarah jones`, a surname mistyped), nor before the lead's surname (`sarah anne lee`), nor when the lead's
  // surname is not known to tell them apart
  const leadsSurname = new Set(recipient.last_name ? foldedParts(recipient.last_name) : []);
  const isLeadsSurname = (word: RegExpMatchArray | undefined) =>
    word !== undefined && foldedParts(withoutPossessive(word[0])).some((part) => leadsSurname.has(part));
  const surelyEnglish = votes.english >= 3 && votes.english >= 3 * votes.foreign;
  if (surelyEnglish && leadsName.length === 1 && leadsSurname.size > 0)
    lowerCaseWords.forEach((word, index) => {
      const [previous, next] = [lowerCaseWords[index - 1], lowerCaseWords[index + 1]];
      if (!theLeads.has(word.index) || next === undefined || theLeads.has(next.index) || !adjoining(read, word, next)) return;
      if (previous && BEFORE_A_GREETED_NAME.has(previous[0]) && adjoining(read, previous, word)) return;
      const surname = withoutPossessive(next[0]);
      if (!surnameBesideName(surname, true) || !lexiconTags(surname).includes('LastName')) return;
      if (isEnglishWord(surname) || listedGivenName(surname) || isLeadsSurname(next)) return;
      if (isLeadsSurname(lowerCaseWords[index + 2])) return;
      theLeads.delete(word.index);
    });
  const words: LowerCaseWord[] = lowerCaseWords
    .filter((word) => !theLeads.has(word.index))
    .map((word) => {
      const elided = ELISION.exec(word[0])?.[0].length ?? 0;
      const written = word[0].slice(elided);
      return { index: word.index + elided, written, lower: withoutPossessive(written) };
    })
    .filter(({ lower }) => lower.length > 0 && !JOINING_WORDS.has(lower));
  const before = (word: LowerCaseWord, length: number) => read.slice(Math.max(0, word.index - length), word.index);
  const after = (word: LowerCaseWord, length: number) =>
    read.slice(word.index + word.written.length, word.index + word.written.length + length);
  const cuedBefore = (word: LowerCaseWord) => THIRD_PARTY_CUE.test(before(word, 25)) || TITLE_BEFORE.test(before(word, 25));
  const describedAfter = (word: LowerCaseWord) => personAfter(after(word, 50));
  // a verb's object after a word that is a verb too (`to chase the invoice`, `to grant access`, `to ping john`)
  const objectFollows = (word: LowerCaseWord) => {
    if (!isEnglishVerb(word.lower)) return false;
    if (OBJECT_AFTER.test(after(word, 10))) return true;
    const next = /^\s+(\p{L}[\p{L}'’-]*)/u.exec(after(word, 40))?.[1].toLowerCase();
    if (next === undefined || NOT_AN_OBJECT.has(next) || isEnglishFunctionWord(next)) return false;
    if (givenNameOrWord(next) || plainlyGivenName(next)) return true;
    // a verb that says what the name did is no object of it (`meeting with mark went well`, `mark wants pricing`)
    const tags = wordTags(next);
    const deed = tags.includes('PastTense') || (tags.includes('PresentTense') && !tags.includes('Infinitive'));
    return isEnglishWord(next) && !deed && !lexiconTags(next).some((tag) => DATE_OR_PLACE_TAGS.has(tag));
  };
  const afterReachingWord = (word: LowerCaseWord) =>
    REACHING_VERB_BEFORE.test(before(word, 14)) || PREPOSITION_BEFORE.test(before(word, 8));
  const reached = (word: LowerCaseWord) => afterReachingWord(word) && !objectFollows(word);
  // a particle, or in a note of another language its function words (`von` and `del` are given names in the lists too)
  const functionWord = (word: LowerCaseWord) => PARTICLES.has(word.lower) || (!english && isForeignFunctionWord(word.lower));
  const seed = (word: LowerCaseWord): boolean => {
    const { lower } = word;
    // such a word starts no name
    if (functionWord(word)) return false;
    if (!inLowerCaseSentence(word.index)) return !cautious && clearlyEnglish && plainlyGivenName(lower);
    if (!english) return plainlyGivenName(lower) || (unknownWord(lower) && (cuedBefore(word) || describedAfter(word)));
    if (plainlyGivenName(lower)) return true;
    if (givenNameOrWord(lower)) return cuedBefore(word) || describedAfter(word) || reached(word);
    return unknownWord(lower) && (cuedBefore(word) || describedAfter(word));
  };
  const names = new Set(words.filter(seed));
  const between = (left: LowerCaseWord, right: LowerCaseWord) => read.slice(left.index + left.written.length, right.index);
  // after a name: its surname, also after a particle, or another name of the list
  const goesOn = (name: LowerCaseWord, next: LowerCaseWord, gap: string) => {
    const { lower } = next;
    if (names.has(next) || lower.length < 3 || (!english && isForeignFunctionWord(lower))) return false;
    if (/^[^\S\n]+$/u.test(gap))
      return surnameBesideName(lower, clearlyEnglish) || (english && (plainlyGivenName(lower) || unknownWord(lower)));
    if (particlesBetween(gap)) return listedSurname(lower) || (english && unknownWord(lower));
    if (!LISTED_WITH.test(gap)) return false;
    return surnameBesideName(lower, clearlyEnglish) || givenNameOrWord(lower) || plainlyGivenName(lower) || (english && unknownWord(lower));
  };
  // what the name is followed by, past the names listed with it (`mark thompson and grace kim joined`): a verb saying what
  // the person did (`mark thompson said yes`; not `chase kim in accounts`)
  const didAfter = (word: LowerCaseWord) => {
    let last = words.indexOf(word);
    while (last + 1 < words.length && names.has(words[last + 1])) {
      const gap = between(words[last], words[last + 1]);
      if (!/^[^\S\n]+$/u.test(gap) && !LISTED_WITH.test(gap) && !LISTED_AFTER_COMMA.test(gap)) break;
      last += 1;
    }
    const [, next, second] = TWO_WORDS_AFTER.exec(after(words[last], 40))?.map((found) => found?.toLowerCase()) ?? [];
    if (next === undefined) return false;
    return saysWhatSomeoneDid(next) || (BEFORE_A_DEED.has(next) && second !== undefined && saysWhatSomeoneDid(second));
  };
  // A given name that is a word too, before a surname or a plain given name found, where it is no verb: after a cue, a
  // verb of reaching someone or a preposition, `to` aside when it is a verb too unless a verb of talking or sending
  // before it makes it a preposition (`with grace kim`, `talk to grace kim`; not `to chase kim`, nor `need to mark
  // thompson`), or starting a sentence that says what the person did (`mark thompson said yes`; not `chase kim in
  // accounts`)
  const infinitiveBefore = (word: LowerCaseWord) =>
    INFINITIVE_TO_BEFORE.test(before(word, 12)) &&
    (!PREPOSITION_TO_BEFORE.test(before(word, 60)) || PERSON_SENT_TO_BEFORE.test(before(word, 30)));
  const givenNameBefore = (previous: LowerCaseWord, name: LowerCaseWord) =>
    givenNameOrWord(previous.lower) &&
    (surnameBesideName(name.lower, clearlyEnglish) || plainlyGivenName(name.lower)) &&
    (cuedBefore(previous) ||
      (afterReachingWord(previous) && !(isEnglishVerb(previous.lower) && infinitiveBefore(previous))) ||
      (startsSentence(read, previous.index) && didAfter(name)));
  // before a name described after it (`wanjiru kamau signed off`): its given name. A particle or another language's
  // function word only then (`otto wieczorek (cfo)`; not `una serena settimana`, `von lena und jonas`)
  const leadsInto = (previous: LowerCaseWord, name: LowerCaseWord) =>
    !names.has(previous) &&
    /^[^\S\n]+$/u.test(between(previous, name)) &&
    (!functionWord(previous) || describedAfter(name)) &&
    (plainlyGivenName(previous.lower) ||
      (english && describedAfter(name) && unknownWord(previous.lower)) ||
      (english && givenNameBefore(previous, name)));
  for (let index = 1; index < words.length; index += 1) {
    const name = words[index - 1];
    if (!names.has(name)) continue;
    // a particle (`de`, `das`) is a surname itself unless a surname follows it, after one or two (`femke de vries`,
    // `pieter van der berg`, `priya das`)
    const particles = words.slice(index, index + 3).findIndex((word) => !PARTICLES.has(word.lower));
    const afterParticle = particles > 0 ? words[index + particles] : undefined;
    if (afterParticle && goesOn(name, afterParticle, between(name, afterParticle))) names.add(afterParticle);
    else if (goesOn(name, words[index], between(name, words[index]))) names.add(words[index]);
  }
  for (let index = words.length - 2; index >= 0; index -= 1) {
    if (names.has(words[index + 1]) && leadsInto(words[index], words[index + 1])) names.add(words[index]);
  }
  for (const word of names) {
    // the letter after a one-letter prefix too (`n'diaye` → `N'Diaye`), and a title before it (`mr. patel` → `Mr. Patel`)
    const capitals = /^\p{L}['’]\p{L}/u.test(word.written) ? 3 : 1;
    rewrite(
      word.index,
      recased(word.written.slice(0, capitals), (letter) => letter.toUpperCase()),
    );
    const title = /(?:^|[^\p{L}])(\p{Ll}+)\.?\s+$/u.exec(before(word, 12));
    if (title && TITLE_BEFORE.test(before(word, 12))) {
      const at = word.index - title[0].length + title[0].indexOf(title[1]);
      rewrite(
        at,
        recased(title[1][0], (letter) => letter.toUpperCase()),
      );
    }
  }
  return units.join('');
}

/** Whether two words of `text` stand side by side on one line, only spaces between them. */
const adjoining = (text: string, left: RegExpMatchArray, right: RegExpMatchArray) =>
  /^[^\S\n]+$/u.test(text.slice(left.index! + left[0].length, right.index));
/** A joining word of a list of names, as a pattern (LISTED_WITH, LISTED_AFTER_COMMA). */
const JOINING_WORD = `(?:${[...JOINING_WORDS].join('|')})`;
/**
 * Between two names of one list of people, in the drafts' languages (`Nomvula + Thabo`, `priya and dlamini`, `Carlos y
 * Lucía`); not `&`, which joins the names of a firm (`Barnes & Noble`).
 */
const LISTED_WITH = new RegExp(String.raw`^[^\S\n]*\+[^\S\n]*$|^[^\S\n]+${JOINING_WORD}[^\S\n]+$`, 'iu');
/** A comma between names of one list, with a joining word after it or none (`mark thompson, grace kim and priya`). */
const LISTED_AFTER_COMMA = new RegExp(String.raw`^[^\S\n]*,[^\S\n]*(?:${JOINING_WORD}[^\S\n]+)?$`, 'iu');
/** Whether two words of `text` are joined as two names of one list (LISTED_WITH). */
const listedWith = (text: string, left: RegExpMatchArray, right: RegExpMatchArray) =>
  LISTED_WITH.test(text.slice(left.index! + left[0].length, right.index));

/**
 * Whether the word at `index` is part of up to four capitalised words side by side that the lexicon knows as a place or
 * a company (`Addis Ababa`, `Ho Chi Minh City`). Not a public figure's name: a private person may bear it (`Paul Smith`).
 */
function inKnownProperName(words: RegExpMatchArray[], index: number, text: string): boolean {
  for (let first = index; first >= Math.max(0, index - 3); first -= 1) {
    if (first < index && !adjoining(text, words[first], words[first + 1])) break;
    for (let last = Math.max(index, first + 1); last < Math.min(words.length, first + 4); last += 1) {
      if (last > index && !adjoining(text, words[last - 1], words[last])) break;
      const name = comparable(
        words
          .slice(first, last + 1)
          .map((word) => word[0])
          .join(' '),
      );
      if (knownAsOrganisationOrPlace(name)) return true;
    }
  }
  return false;
}

/** A word compromise reads as a noun or a name, not a verb, an adjective, a date, a place or a plural. */
function isSurnameLike(word: string): boolean {
  const lower = word.toLowerCase();
  if (NOT_A_NAME.has(lower) || knownAsOtherThanName(lower)) return false;
  const tags = wordTags(lower);
  return !tags.some((tag) => NOT_A_SURNAME_TAGS.has(tag) && !(tag === 'Plural' && !knownPlural(lower, tags)));
}

/** compromise's tags for a word on its own: the lexicon's, or guessed from its ending (`adaptive` an adjective). */
const wordTags = (lower: string): string[] => (nlp(lower).json() as { terms: { tags: string[] }[] }[])[0]?.terms[0]?.tags ?? [];

/** A plural whose singular the lexicon knows (`Sheets`); not a surname ending in s (`Albers`), which reads as a plural too. */
const knownPlural = (lower: string, tags: string[]) =>
  tags.includes('Plural') && Boolean(LEXICON[lower.replace(/s$/, '')] || LEXICON[lower.replace(/e?s$/, '')]);

/**
 * Whether a word the lexicon does not know reads by its ending as an adverb or as the plural of a word it knows
 * (`Quarterly`, `Dashboards`): an ordinary word. A guessed verb or adjective is no sign: given names end in -ing, -al,
 * -ish or -ic too (`Xiaoming`, `Mrinal`, `Rajnish`, `Ivanic`).
 */
function readsAsOrdinaryWord(word: string): boolean {
  const lower = word.toLowerCase();
  const tags = wordTags(lower);
  return tags.includes('Adverb') || knownPlural(lower, tags);
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function wordMatches(text: string, word: string): { start: number; end: number }[] {
  if (word.trim().length < 2) return [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}'])${escapeRegExp(word.trim()).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'giu');
  return [...matches(pattern, text)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

const finding = (start: number, end: number): PiiFinding => ({ kind: 'other_person', start, end });

/**
 * The tenant's OTHER leads: full name (any case), last name (capitalised), email or phone number. The
 * recipient's own names are allowed (the draft greets them).
 */
export function findDirectoryPeople(
  text: string,
  others: DirectoryPerson[],
  recipient: Recipient,
  phones: { start: number; end: number; e164: string }[],
): PiiFinding[] {
  const allowed = new Set([recipient.first_name, recipient.last_name].filter(Boolean).map((name) => name!.trim().toLowerCase()));
  const found: PiiFinding[] = [];
  for (const person of others) {
    const first = person.first_name?.trim();
    const last = person.last_name?.trim();
    if (first && last) for (const hit of wordMatches(text, `${first} ${last}`)) found.push(finding(hit.start, hit.end));
    if (last && !allowed.has(last.toLowerCase())) {
      for (const hit of wordMatches(text, last)) {
        if (/\p{Lu}/u.test(text[hit.start]) && !ORGANISATION_AFTER.test(text.slice(hit.end, hit.end + 20)))
          found.push(finding(hit.start, hit.end));
      }
    }
    if (person.email) for (const hit of wordMatches(text, person.email)) found.push(finding(hit.start, hit.end));
    if (person.phone) for (const phone of phones) if (phone.e164 === person.phone) found.push(finding(phone.start, phone.end));
  }
  return found;
}

/** Where the hyphenated word around `index` starts (`Jean-Pierre` for `Pierre`), and where the one around `index` ends. */
const hyphenatedWordStart = (text: string, index: number) =>
  index - (/[\p{L}\p{M}'’-]*$/u.exec(text.slice(Math.max(0, index - 40), index))?.[0].length ?? 0);
const hyphenatedWordEnd = (text: string, index: number) =>
  index + (/^[\p{L}\p{M}'’-]*/u.exec(text.slice(index, index + 40))?.[0].length ?? 0);

/** Whether `part` is `whole` with words left out, in order. */
function isSubsequence(part: string[], whole: string[]): boolean {
  let next = 0;
  for (const word of whole) if (next < part.length && part[next] === word) next += 1;
  return next === part.length;
}

/**
 * Whether a name's folded words are the recipient's: theirs in order, perhaps with words left out (`Maria Lopez` for
 * Maria Elena Lopez, `Jean Martin` for Jean-Pierre Martin), starting with the first word of their first name, or of
 * their last name when it comes first (`Lopez Maria`); not a relative's name made of parts of theirs (`Pierre Martin`,
 * `Leo Lopez`).
 */
function isRecipientsName(words: string[], recipient: Recipient): boolean {
  const first = recipient.first_name ? foldedParts(recipient.first_name) : [];
  const last = recipient.last_name ? foldedParts(recipient.last_name) : [];
  const spells = (names: string[]) => words.length > 0 && words[0] === names[0] && isSubsequence(words, names);
  if (spells([...first, ...last]) || (last.length > 0 && spells([...last, ...first]))) return true;
  // their whole name with a particle it is written without (`João dos Santos` for João Santos; not `Le Van Thanh`
  // for Thanh Nguyen), or with a hyphen or a space left out and umlauts spelled out (`Seoyeon Kim`, `Juergen Weiss`)
  const named = words.filter((word) => !PARTICLES.has(word)).join(' ');
  if (last.length > 0 && [[...first, ...last].join(' '), [...last, ...first].join(' ')].includes(named)) return true;
  const [given, family] = [recipient.first_name ?? '', recipient.last_name ?? ''].map((name) => name.replace(/\s+/gu, ''));
  return [given, given + family, family + given].some((name) => name.length > 0 && sameName(words.join(''), name));
}

/** Whether `words` are the recipient's first name or full name, as a greeting addresses them. */
function addressesRecipient(words: string[], recipient: Recipient): boolean {
  const written = words.flatMap(foldedParts).join(' ');
  const first = recipient.first_name ? foldedParts(recipient.first_name) : [];
  const last = recipient.last_name ? foldedParts(recipient.last_name) : [];
  return first.length > 0 && [first.join(' '), [...first, ...last].join(' ')].includes(written);
}

/** Particles a Romance or Dutch name may be written with or without (`João dos Santos`, `Jan van Dijk`); not `bin`, which names a father. */
const PARTICLES = new Set([
  'de',
  'da',
  'das',
  'do',
  'dos',
  'di',
  'del',
  'della',
  'du',
  'le',
  'la',
  'van',
  'von',
  'der',
  'den',
  'ter',
  'te',
]);

/** A name folded (foldName), and folded with its umlauts spelled out (`Jürgen` as `jurgen` and `juergen`, `Søren` as `soren` and `soeren`). */
const spellingsOf = (name: string): string[] => {
  const umlautsSpelledOut = name.toLowerCase().replace(/[äöüø]/gu, (letter) => ({ ä: 'ae', ö: 'oe', ü: 'ue', ø: 'oe' })[letter] ?? letter);
  return [foldName(name), foldName(umlautsSpelledOut)];
};
/** Whether two names are one, written with umlauts or with them spelled out (`Juergen` for Jürgen; not `Michał` for Michael). */
const sameName = (written: string, name: string) => spellingsOf(written).some((spelling) => spellingsOf(name).includes(spelling));

/**
 * Full names of private people outside the directory: the names compromise's English model tags as people,
 * plus a capitalised first-and-last name after a word like "colleague" in any of the drafts' languages. A
 * single name, the recipient, a public figure or brand, and a name after "the"/"our" (`the Ted Baker
 * rollout`) are not findings.
 */
export function findNamedPeople(text: string, recipient: Recipient): PiiFinding[] {
  const candidates: { start: number; end: number }[] = [];
  for (const person of nlp(text).people().json({ offset: true }) as { text: string; offset: { start: number } }[]) {
    // the offset points at the first word while the text keeps punctuation around it (`- Dr. Caroline Weiss,`)
    const words = person.text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    const start = text.indexOf(words, Math.max(0, person.offset.start - 2));
    if (!words || start < 0) continue;
    // a title or a word like `Kollege` read as the first name is not part of the name
    const cueWord = words.match(/^\p{L}+\s+/u)?.[0];
    const title = words.match(TITLE)?.[0].length ?? (cueWord && THIRD_PARTY_CUE.test(cueWord) ? cueWord.length : 0);
    // the model may run two names into one across a semicolon or a bracket (`Carl Zeiss; Ray Dalio`): no name holds one
    for (const part of matches(/[^;:,!?()[\]"/]+/u, words.slice(title))) {
      const trimmed = part[0].trim();
      const partStart = start + title + part.index + part[0].indexOf(trimmed);
      if (trimmed) candidates.push({ start: partStart, end: partStart + trimmed.length });
    }
  }
  const runs = capitalisedRuns(text);
  for (const match of runs) {
    const before = text.slice(Math.max(0, match.index - 20), match.index);
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 20);
    // words the lexicon knows as nothing but names, or not at all, with a role, a team, an office or a deed after them
    // (`Olusegun Adeyemi (CFO)`, `Raimonds Kalniņš attended`)
    const following = text.slice(match.index + match[0].length, match.index + match[0].length + 50);
    const describedAsPerson = match[0].split(/\s+/).every(nameOnlyWord) && personAfter(following);
    if (THIRD_PARTY_CUE.test(before) || TITLE_BEFORE.test(before) || SPEAKER_AFTER.test(after) || describedAsPerson) {
      candidates.push({ start: match.index, end: match.index + match[0].length });
    }
  }
  // a given name and a surname-like word, not inside a longer proper noun (`Santa Cruz de Tenerife`)
  for (const match of runs) {
    if (/\p{Lu}[\p{L}'-]*\s+$/u.test(text.slice(Math.max(0, match.index - 25), match.index))) continue;
    if (isGivenNameAndSurname(match[0].split(/\s+/), recipient))
      candidates.push({ start: match.index, end: match.index + match[0].length });
  }
  for (const match of matches(TITLED_AFTER_CUE, text)) {
    // a surname alone, and the word after it, is no full name (`met with ms. lee re pricing`, `mr. patel on tuesday`)
    const next = match[1].split(/\s+/)[1].toLowerCase();
    if (isEnglishFunctionWord(next) || NOT_AN_OBJECT.has(next) || isDateWord(next)) continue;
    const start = match.index + match[0].length - match[1].length;
    candidates.push({ start, end: start + match[1].length });
  }
  const lowercaseNames = new Set<number>();
  for (const match of matches(LOWERCASE_AFTER_CUE, text)) {
    const start = match.index + match[0].length - match[1].length;
    // the last word may be the verb after the name (`ewan mcallister will call`)
    const words = match[1].split(/\s+/);
    const name = [words, words.slice(0, -1)].find(
      (candidate) =>
        candidate.length >= 2 &&
        candidate.every((word) => word.length >= 3) &&
        isGivenName(withoutAccents(candidate[0])) &&
        isSurnameLike(candidate[candidate.length - 1]),
    );
    if (!name) continue;
    lowercaseNames.add(start);
    // the name's words with what stands between them as written (a line break, two spaces)
    candidates.push({
      start,
      end:
        start +
        match[1]
          .split(/(\s+)/)
          .slice(0, 2 * name.length - 1)
          .join('').length,
    });
  }
  const isPrivatePerson = ({ start, end }: { start: number; end: number }) => {
    const name = comparable(text.slice(start, end));
    const words = name.split(' ');
    if (FAMILY_FIRM_FIRST_WORD.test(name)) return false;
    // a house number before and a street word last: a street (`18 Willow Crescent`), whatever the address rules said of it
    if (/\d[A-Za-z]?\s+$/.test(text.slice(Math.max(0, start - 6), start)) && STREET_WORD_LAST.test(name)) return false;
    // a public name, also with a word run on after it (`Hugo Boss Fallstudie`)
    if (
      words.length < 2 ||
      PUBLIC_NAMES.has(name) ||
      PUBLIC_NAMES.has(words.slice(0, 2).join(' ')) ||
      endsInOrdinaryWord(name) ||
      namesOrganisationOrPlace(name)
    )
      return false;
    if (words.some((word) => word.length < 2 || GREETINGS.has(word) || NOT_A_NAME.has(word))) return false;
    if (NOT_A_NAME_FIRST.has(words[0]) || NOT_A_NAME_FIRST.has(words.slice(0, 2).join(' '))) return false;
    // salutations alone, or before the recipient's first or full name (`Alles Liebe`, `Liebe Anna Becker`, `Guten Tag
    // Monika Strobel`; not `Brendan's wife Cara Hart` to Brendan Hart, nor `her colleague Cara Thomas` to Thomas Müller)
    const saluting = words.findIndex((word) => !SALUTATIONS.has(word));
    const cued = THIRD_PARTY_CUE.test(text.slice(Math.max(0, start - 25), start));
    if (!cued && (saluting === -1 || (saluting > 0 && addressesRecipient(words.slice(saluting), recipient)))) return false;
    // the recipient's own names (`Dear Maria Lopez`), but not a relative who shares their surname (`her son Leo Lopez`)
    // nor someone who shares their first name (`her assistant Maria Porter`); read whole where a hyphen cut them
    // (`Pierre Martin` in `Jean-Pierre Martin`)
    const whole = comparable(text.slice(hyphenatedWordStart(text, start), hyphenatedWordEnd(text, end)));
    if (isRecipientsName(whole.split(' ').flatMap(foldedParts), recipient)) return false;
    const lowercaseAllowed = lowercaseNames.has(start) || TITLED_AFTER_CUE.test(text.slice(Math.max(0, start - 40), end));
    if (!/\p{Lu}/u.test(text[start]) && !lowercaseAllowed) return false;
    if (!cued && /(?:^|[^\p{L}])(?:the|our|your|their|an)\s+$/iu.test(text.slice(Math.max(0, start - 8), start))) return false;
    // a room named after someone, the room word before the name or read by the model as its first word (`Raum Konrad Zuse`)
    const firstWord = /^\p{L}+\s+/u.exec(text.slice(start, end))?.[0] ?? '';
    if (VENUE_BEFORE.test(text.slice(Math.max(0, start - 25), start)) || VENUE_BEFORE.test(firstWord)) return false;
    if (CITATION_BEFORE.test(text.slice(Math.max(0, start - 50), start)) || CITATION_AFTER.test(text.slice(end, end + 15))) return false;
    if (PUBLIC_FIGURE_BEFORE.test(text.slice(Math.max(0, start - 30), start)) || PUBLIC_FIGURE_AFTER.test(text.slice(end, end + 30)))
      return false;
    // a name in quotes names a thing (`the "James Webb" dashboard`, a bot, a codename); so does a name the text calls a joke or a character
    if (/["„“«‹‘]$/u.test(text.slice(Math.max(0, start - 1), start)) && /^["”“»›’]/u.test(text.slice(end, end + 1))) return false;
    if (NOT_A_REAL_PERSON_AFTER.test(text.slice(end, end + 80))) return false;
    if (WORKPLACE_BEFORE.test(text.slice(Math.max(0, start - 40), start))) return false;
    // the name model may take the possessive in (`Emily Carter's`)
    if (PUBLIC_WORK_AFTER.test(text.slice(/['’]s$/u.test(text.slice(start, end)) ? end - 2 : end, end + 30))) return false;
    const following = text.slice(end, end + 20);
    const written = text.slice(start, end);
    return (
      !ORGANISATION_AFTER.test(following) &&
      !ORGANISATION_JOINED_AFTER.test(following) &&
      !ORGANISATION_LAST.test(written) &&
      !ORGANISATION_JOINED_LAST.test(written)
    );
  };
  const kept = candidates
    .map(({ start, end }) => {
      const trimmed = start + withoutTrailingParticles(text.slice(start, end)).length;
      // a double-barrelled surname cut at its hyphen (`Ama Owusu-Ansah`) is named whole
      return { start, end: trimmed + (/^(?:-\p{Lu}[\p{Ll}\p{M}]+)+/u.exec(text.slice(trimmed, trimmed + 40))?.[0].length ?? 0) };
    })
    .filter(isPrivatePerson);
  return [...kept, ...coordinatedNames(text, runs, kept).filter(isPrivatePerson)].map(({ start, end }) => finding(start, end));
}

/** The run of capitalised name words (CAPITALISED_FULL_NAME) from each capitalised word: `Kollegin Franziska Oberhuber` yields `Franziska Oberhuber` too. */
function capitalisedRuns(text: string): RegExpExecArray[] {
  const runs: RegExpExecArray[] = [];
  for (const wordStart of matches(/(?<![\p{L}])\p{Lu}/u, text)) {
    CAPITALISED_FULL_NAME.lastIndex = wordStart.index;
    const match = CAPITALISED_FULL_NAME.exec(text);
    if (match) runs.push(match);
  }
  return runs;
}

/**
 * Capitalised names of words the lexicon knows as nothing but names, or not at all, one of them in the name lists,
 * joined by a conjunction to a name found (`copied Hirut Alemayehu and Tesfaye Mensah`): people too; not `Megan
 * Clarke and Datadog Synthetics`.
 */
function coordinatedNames(
  text: string,
  runs: RegExpExecArray[],
  found: { start: number; end: number }[],
): { start: number; end: number }[] {
  // not a comma alone: `Caroline Weiss, Klinikum Süd` is where she works
  const joining = /^,?\s+(?:and|und|et|y|e|en|og|och|ve|i)\s+$|^\s*\+\s*$/iu;
  const joined: { start: number; end: number }[] = [];
  for (const match of runs) {
    const words = match[0].split(/\s+/);
    if (!words.every(nameOnlyWord) || !words.some((word) => isGivenName(word) || listedSurname(word))) continue;
    const start = match.index;
    const end = start + match[0].length;
    if (found.some((name) => name.start < end && start < name.end)) continue;
    const besideFound = found.some(
      (name) =>
        (name.start >= end && joining.test(text.slice(end, name.start))) ||
        (name.end <= start && joining.test(text.slice(name.end, start))),
    );
    if (besideFound) joined.push({ start, end });
  }
  return joined;
}
