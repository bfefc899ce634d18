// Medicine's words that look like people's names, so the name screen does not flag them. Lower case,
// without the possessive ('s). Add to these lists when a clean text is flagged; each list is one string,
// words separated by "|", so a diff shows what was added.
//
// EPONYMS: surnames (and a few place names) that medicine uses alone or before a noun: diseases,
// syndromes, signs, tests, scores and scales, anatomy, stains, procedures, instruments.
// A surname here is still a name after a title or a first name ("Dr. Wilson", "John Wilson").
const EPONYM_WORDS = `
abbott|achilles|adair|adam|adams|addison|adie|adson|alagille|albright|alder|aldrete|alexander|allen|allis|
alport|alvarado|alzheimer|amsler|angelman|anitschkow|anton|apert|apgar|apley|argyll|arias|arnold|arthus|
aschoff|asherman|asperger|auer|auerbach|austin|auspitz|babinski|bachmann|baker|balint|ballard|bankart|
barlow|barr|barrett|bartholin|barton|bartter|bassini|batten|bayley|beck|becker|beckwith|behcet|behçet|bell|
bence|benedikt|bennett|berger|bernard|bernoulli|betke|bezold|bier|billroth|binet|biot|bishop|bitot|
blalock|blatchford|blumberg|blumer|boas|boerhaave|bohr|bouchard|bourneville|bowen|bowman|braden|
brachmann|braak|braxton|breslow|breuer|brill|broca|brodie|brodmann|brown|brudzinski|brugada|brunner|
brushfield|bruton|budd|buerger|bunnell|burkitt|calot|camper|canavan|caplan|capgras|caprini|carey|carnett|
caroli|carpenter|castleman|centor|chadwick|chaddock|chagas|charcot|chediak|cheyne|chiari|child|
chilaiditi|christmas|churg|chvostek|clark|cockcroft|coats|colles|conn|cooley|coombs|cooper|cormack|
cornelia|corrigan|councilman|courvoisier|cowden|cowper|coxsackie|creutzfeldt|crigler|crohn|crouzon|
cruveilhier|cullen|curling|curschmann|cushing|cuzick|dandy|darier|davidoff|denonvilliers|denver|
devic|diamond|dieulafoy|digeorge|dix|dohle|döhle|doppler|douglas|down|dravet|dressler|dubin|dubowitz|
duchenne|duke|dukes|dupuytren|durie|duroziez|eaton|ebstein|edinger|edwards|ehlers|eisenmenger|ekbom|ellis|
ellison|ely|enneking|epley|epstein|erb|erdheim|ewing|fabry|fallot|fallopian|fanconi|felty|fick|
finkelstein|fisher|fitz|fleischer|fleischner|flint|foley|folstein|forchheimer|fournier|fowler|framingham|
frank|frey|friedewald|friedreich|froment|gaisbock|galeazzi|gardner|gartner|gaucher|gault|geiger|gerota|
gerstmann|ghon|giemsa|gilbert|gilles|gimbernat|gitelman|glanzmann|glasgow|gleason|glisson|golgi|
goldman|goodpasture|gordon|gorlin|gottron|gower|gowers|graaf|graafian|graham|gram|graves|grawitz|grey|
groshong|guillain|gunn|guthrie|guyon|haldane|hallpike|hamilton|hamman|hampton|hand|hansen|hartmann|
hartnup|hashimoto|hassall|hasselbalch|havers|haversian|hawkins|heberden|heimlich|heinz|heister|heller|
henderson|henle|henoch|hering|hess|hesselbach|hickman|hicks|hilton|hirschberg|hirschsprung|hodgkin|
hoehn|hoffmann|holter|homan|homans|horner|houston|howell|howship|hunt|hunter|huntington|hurler|
hutchinson|ishihara|jackson|jacksonian|jaeger|jakob|janeway|jarisch|jefferson|job|jobe|johnson|jolly|jones|
joseph|kallmann|kaposi|karnofsky|kartagener|kasabach|kasai|katz|kawasaki|kayser|kehr|kennedy|kent|
kerley|kernig|kikuchi|killian|killip|kimmelstiel|klatskin|kleihauer|klinefelter|klumpke|kluver|klüver|
kocher|koebner|koplik|korotkoff|korsakoff|kostmann|krabbe|krukenberg|kugelberg|kupffer|kussmaul|lachman|
lambert|landau|langerhans|laplace|laron|lasegue|lawton|leber|legg|lehane|leigh|leishman|lennox|leopold|
lesch|letterer|levine|lewy|leydig|lhermitte|libman|lichtenstein|liddle|light|lisch|lisfranc|littre|
louis|lown|ludwig|luschka|lyme|macintosh|magendie|magill|mallampati|mallory|mantoux|marburg|marcus|
marfan|marjolin|martin|masaoka|mayo|mcburney|mcconnell|mcmurray|mcroberts|meckel|meibomian|meigs|
meissner|menetrier|ménétrier|meniere|ménière|merkel|meyer|miles|millard|miller|mills|milroy|minamata|mobitz|
moll|monro|monteggia|montgomery|morgagni|morison|moro|morquio|morse|morton|muller|müller|mullerian|
müllerian|munchausen|murphy|naegele|nägele|najjar|neelsen|neer|nelson|niemann|nikolsky|nissen|noonan|
norton|nyhan|ober|oddi|ogilvie|ollier|oppenheim|ortolani|ortner|osgood|osler|paget|pancoast|paneth|
papanicolaou|parinaud|parkinson|patau|patrick|paul|pelizaeus|pemberton|perthes|peutz|peyer|peyronie|
pfannenstiel|pfeiffer|phalen|pick|pickwickian|pierre|plummer|poiseuille|pompe|pott|poupart|prader|
prinzmetal|pugh|purkinje|quervain|quincke|ramsay|rankin|ranson|ranvier|rasmussen|rathke|raynaud|recklinghausen|
reed|refsum|reid|reiter|renshaw|rett|reye|reynolds|richmond|richter|riedel|rigler|rinne|ritgen|robertson|
robin|rockall|rolando|romano|romberg|roos|rosai|rotor|roux|rovsing|rubinstein|ruffini|russell|salmon|
salter|sanfilippo|santorini|scarpa|schatzki|scheie|schilling|schirmer|schober|schonlein|schönlein|
schuller|schüller|schwann|schwartz|sellick|semont|sengstaken|sertoli|sezary|sézary|sharpey|sheehan|
shouldice|shy|sibson|silverman|sims|sipple|siwe|sjogren|sjögren|skene|smith|snellen|sotos|southern|
spetzler|spurling|starling|steele|steell|stein|stensen|stevens|stickler|still|stokes|sturge|sydenham|
sylvius|takayasu|tanner|taussig|tay|taybi|tenckhoff|thebesian|thessaly|thomas|tietze|timi|tinel|
todd|tolosa|tourette|treacher|treitz|trendelenburg|trousseau|turcot|turner|tyrer|unterberger|usher|
valsalva|vater|vincent|vinson|virchow|volkmann|waardenburg|waldenstrom|waldenström|waldeyer|wallenberg|
warthin|wartenberg|waterhouse|weber|wechsler|wegener|weil|weiss|wells|welander|wenckebach|werdnig|
werner|wernicke|westermark|wharton|whipple|white|widal|wiedemann|williams|willis|wilms|wilson|
wirsung|wiskott|wolff|wolffian|wolman|woods|wright|yahr|yergason|zavanelli|zeis|zellweger|zenker|
ziehl|zollinger|zika|ebola|lassa|norwalk|nipah|hendra|hib|legionnaires|bornholm|ottawa|geneva|padua|
seattle|rochester|minnesota|sinai|kettering|sloan|hopkins|cedars|baylor|vanderbilt|emory|brigham|
stanford|harvard|yale|cornell|columbia|scripps|kaiser|permanente
`;

// Phrases of several capitalised words that are not people: eponyms with a first name in them, score
// and staging names, institutions named after people, historical physicians named in teaching text.
const EPONYM_PHRASE_LIST = `
lou gehrig|braxton hicks|grey turner|argyll robertson|marcus gunn|ramsay hunt|austin flint|graham steell|
carey coombs|pierre robin|treacher collins|cornelia de lange|sister mary joseph|miller fisher|
hunt and hess|hoehn and yahr|child pugh|ann arbor|new york heart association|john cunningham|
stevens johnson|guillain barre|guillain barré|wolff parkinson white|lown ganong levine|mallory weiss|
zollinger ellison|budd chiari|ehlers danlos|prader willi|tay sachs|niemann pick|charcot marie tooth|
creutzfeldt jakob|lesch nyhan|legg calve perthes|legg calvé perthes|osgood schlatter|sturge weber|
von willebrand|von hippel lindau|von recklinghausen|de quervain|henoch schonlein|henoch schönlein|
churg strauss|kimmelstiel wilson|dubin johnson|crigler najjar|wiskott aldrich|chediak higashi|
peutz jeghers|beckwith wiedemann|russell silver|smith lemli opitz|smith magenis|spetzler martin|
cockcroft gault|henderson hasselbalch|frank starling|swan ganz|sengstaken blakemore|dix hallpike|
hawkins kennedy|cormack lehane|johns hopkins|mayo clinic|cleveland clinic|memorial sloan kettering|
sloan kettering|dana farber|md anderson|cedars sinai|mount sinai|st jude|walter reed|kaiser permanente|
beth israel|lenox hill|massachusetts general|robert wood johnson|james parkinson|alois alzheimer|
thomas hodgkin|george huntington|burrill crohn|harvey cushing|thomas addison|john langdon down|
langdon down|virginia apgar|william osler|hans asperger|gilles de la tourette|florence nightingale|
hippocrates|galen|edward jenner|louis pasteur|joseph lister|alexander fleming|robert koch|
jonas salk|albert sabin|paul ehrlich|elizabeth blackwell|clara barton|ignaz semmelweis|john snow|
wilhelm rontgen|wilhelm röntgen|marie curie|christiaan barnard|james lind|william harvey|andreas vesalius
`;

// Medicines whose brand names are also first names (many are norethindrone or combined oral
// contraceptive brands).
const DRUG_NAME_LIST = `
allegra|ella|camila|errin|heather|yasmin|portia|nikki|hailey|jolivette|nora|tilia|lyza|jencycla|amethyst|
aviane|lutera|kelnor|sharobel|deblitane|lessina|levora|lillow|marlissa|vienva|kurvelo|larin|junel|
aubra|aurovela|blisovi|gianvi|loryna|ocella|syeda|zarah|jasmiel|kariva|azurette|viorele|volnea|
emoquette|enskyce|isibloom|juleber|cyred|reclipsen|apri|alyacen|dasetta|philith|vyfemla|estarylla|
previfem|mili|sprintec|velivet|caziant|cyclessa|kalliga|cryselle|elinest|solia|tarina|gildess|
addyi|evra|annovera|nuvaring|kyleena|mirena|liletta|skyla|paragard|nexplanon|ambien|ativan|valium|
xanax|lyrica|celeste|destiny|harmony|faith|grace|hope|joy|mercy|sunny|dawn|autumn|summer|ivy|iris|
holly|ruby|amber|crystal|jade|pearl|violet|hazel|rose|lily|daisy|april|may|june|august|will|mark|
bill|max|ray|chase|grant|lance|dean|miles|wade|rich|sterling|angel|penny|sage|page|reed|rod|
skip|stone|young|long|major|chance|bishop|baker|walker|ward|price|king|hall|cook|love|best|
`;

// Species written with the genus as an initial ("E. coli", "H. Pylori"): not "initial + surname".
const SPECIES_LIST = `
coli|pylori|aureus|difficile|diff|pneumoniae|aeruginosa|tuberculosis|gonorrhoeae|albicans|epidermidis|
pyogenes|agalactiae|faecalis|faecium|monocytogenes|influenzae|trachomatis|pallidum|burgdorferi|jirovecii|
neoformans|fumigatus|vulgaris|mirabilis|marcescens|baumannii|cloacae|typhi|enteritidis|jejuni|cholerae|
vulnificus|perfringens|botulinum|tetani|anthracis|pestis|tularensis|melitensis|henselae|rickettsii|vivax|
falciparum|malariae|ovale|lamblia|histolytica|vaginalis|gondii|cruzi|donovani|granulosus|solium|
saginata|lumbricoides|stercoralis|duodenale|americanus|mansoni|haematobium|japonicum|hominis|capitis|
corporis|scabiei|canis|cati|meningitidis|catarrhalis|pertussis|diphtheriae|saprophyticus|lugdunensis|
mutans|viridans|sanguinis|elegans|sapiens|musculus|cerevisiae|glabrata|auris|krusei|acnes|avium|
leprae|marinum|kansasii|abscessus|ulcerans|pneumophila|psittaci|burnetii|quintana|prowazekii
`;

const split = (s: string) =>
  s
    .split("|")
    .map((w) => w.trim())
    .filter(Boolean);

/** Surnames and place names medicine uses as words. */
export const EPONYMS: ReadonlySet<string> = new Set(split(EPONYM_WORDS));
/** Several-word eponyms and institutions, words joined by one space, hyphens as spaces. */
export const EPONYM_PHRASES: ReadonlySet<string> = new Set(split(EPONYM_PHRASE_LIST));
/**
 * Words that are first names but, alone, are more often something else here: drug brands, and English
 * words ("Grace", "Will", "Mark") that start a sentence. Still names next to a surname or a title.
 */
export const NAME_LIKE_WORDS: ReadonlySet<string> = new Set(split(DRUG_NAME_LIST));
/** Species names after a genus initial. */
export const SPECIES: ReadonlySet<string> = new Set(split(SPECIES_LIST));
