import { describe, expect, it } from "vitest";
import { PHI_CATEGORIES, PHI_CATEGORY_LABELS, type PhiCategory } from "@/lib/phi/categories";
import { EPONYMS } from "@/lib/phi/data/eponyms";
import { detectPhi, screenRecord } from "@/lib/phi/detect";
import { replaceAll, replaceSpan, StaleFindingError } from "@/lib/phi/replace";

/** The findings of a category, as the matched texts. */
const found = (text: string, category: PhiCategory) =>
  detectPhi(text)
    .filter((f) => f.category === category)
    .map((f) => f.text);

// [text, category, the identifier exactly as it must be matched]
const CAUGHT: Record<PhiCategory, [string, string][]> = {
  NAME: [
    ["Patient John Smith presented with chest pain.", "John Smith"],
    ["Mrs. Maria Gonzalez was admitted overnight.", "Maria Gonzalez"],
    ["Seen by Dr. Patel in clinic.", "Patel"],
    ["Discussed the plan with Ms Kowalski and her son.", "Kowalski"],
    ["Robert K. Johnson reports headaches.", "Robert K. Johnson"],
    ["History obtained from D. Smith and the chart.", "D. Smith"],
    ["Signed, Emily Chen, RN", "Emily Chen"],
    ["Her daughter, Anna, will drive her home.", "Anna"],
    ["Name: Gonzalez, Maria. Diagnosis: asthma.", "Gonzalez, Maria"],
    ["Patient name: john smith, presenting with cough.", "john smith"],
    ["PATIENT: JOHN SMITH", "JOHN SMITH"],
    ["Patient: Matteo R. Tanaka. Chief complaint: fever.", "Matteo R. Tanaka"],
    ["Electronically signed by Ahmed Al-Sayed on completion.", "Ahmed Al-Sayed"],
    ["Liam O'Connor was seen today.", "Liam O'Connor"],
    ["Maria reports worsening dyspnea.", "Maria"],
    ["Thank you for seeing Tom Nguyen, who has COPD.", "Tom Nguyen"],
    ["Dr. James Parkinson will see you now.", "James Parkinson"],
    ["Contact Mr Smith at home.", "Smith"],
    ["Ask Mr O'Neil about the dressing.", "O'Neil"],
  ],
  LOCATION: [
    ["She lives at 1234 Elm Street and has no stairs.", "1234 Elm Street"],
    [
      "Address: 77 W. 5th Ave., Apt 5B, Springfield, IL 62704.",
      "77 W. 5th Ave., Apt 5B, Springfield, IL 62704",
    ],
    ["Moved to Austin, Texas 78701-1234 last year.", "Austin, Texas 78701-1234"],
    ["Mail to P.O. Box 512 only.", "P.O. Box 512"],
    ["Home ZIP code 02115 is outside the area.", "02115"],
    ["Office at 450 Main St., Suite 300.", "450 Main St., Suite 300"],
  ],
  DATE: [
    ["Admitted 03/14/2021 with sepsis.", "03/14/2021"],
    ["DOB 3/4/51.", "3/4/51"],
    ["Colonoscopy 2021-03-14 was normal.", "2021-03-14"],
    ["Seen 14.03.2021 and again 15.03.21.", "14.03.2021"],
    ["Discharged on March 14, 2021.", "March 14, 2021"],
    ["Follow-up Mar 14 in clinic.", "Mar 14"],
    ["Surgery on Sept. 5th went well.", "Sept. 5th"],
    ["Admitted on the 14th of March 2021.", "the 14th of March 2021"],
    ["Born 14 March 1950 in the city.", "14 March 1950"],
    ["Symptoms since March 2021.", "March 2021"],
    ["Vaccinated 05-Jan-2020.", "05-Jan-2020"],
    ["Seen on 3/14 for review.", "3/14"],
    ["Symptoms began in early June.", "June"],
    ["Visit on Monday, March 14 was missed.", "Monday, March 14"],
  ],
  AGE_OVER_89: [
    ["A 92-year-old woman fell.", "92-year-old"],
    ["The patient, aged 95, lives alone.", "95"],
    ["Age: 101. Frail.", "101"],
    ["95 y/o male with cough.", "95 y/o"],
    ["She is 96 years of age.", "96 years of age"],
    ["A ninety-three-year-old man.", "ninety-three-year-old"],
    ["A woman in her late 90s.", "90s"],
  ],
  PHONE: [
    ["Call (617) 555-0143 with results.", "(617) 555-0143"],
    ["Phone 617-555-0143.", "617-555-0143"],
    ["Reach her at 617.555.0143 today.", "617.555.0143"],
    ["Cell +1 617 555 0143.", "+1 617 555 0143"],
    ["Helpline 1-800-555-0100.", "1-800-555-0100"],
    ["Office 212-555-0143 ext. 22.", "212-555-0143 ext. 22"],
    ["London +44 20 7946 0958.", "+44 20 7946 0958"],
    ["Paris +33 1 42 68 53 00.", "+33 1 42 68 53 00"],
    ["Mobile: 6175550143.", "6175550143"],
    // UK numbers (found missing by a walk): a mobile with or without a cue, a 5+6 landline after a cue a few
    // words back.
    ["Contact his daughter Mary Smith on 07700 900123.", "07700 900123"],
    ["Her mobile is 07700 900123.", "07700 900123"],
    ["Leave a message (07700 900123) after six.", "07700 900123"],
    ["The son's number is 07700 900 123.", "07700 900 123"],
    ["Ring 07700900123 tonight.", "07700900123"],
    ["Contact the surgery reception desk on 01632 960123.", "01632 960123"],
  ],
  FAX: [
    ["Fax: 617-555-0199.", "617-555-0199"],
    ["Please fax the order to (617) 555-0199.", "(617) 555-0199"],
    ["Send to 617-555-0199 (fax).", "617-555-0199"],
    ["T: 617-555-0100 F: 617-555-0199", "617-555-0199"],
  ],
  EMAIL: [
    ["Send results to jane.doe@example.org please.", "jane.doe@example.org"],
    ["Email JSMITH42@MAIL.EXAMPLE.COM.", "JSMITH42@MAIL.EXAMPLE.COM"],
  ],
  SSN: [
    ["SSN 123-45-6789 on file.", "123-45-6789"],
    ["Identifiers 219 09 9999 confirmed.", "219 09 9999"],
    ["SSN: 123456789.", "123456789"],
  ],
  MRN: [
    ["MRN: 00482913. Admitted.", "00482913"],
    ["mrn 4829131 / sepsis", "4829131"],
    ["Medical record number 20-482913.", "20-482913"],
    ["MR# A1234567 follow-up.", "A1234567"],
    ["Patient ID: 7730021.", "7730021"],
    ["Attach chart #M4482913.", "M4482913"],
  ],
  HEALTH_PLAN: [
    ["Member ID XYZ123456789 on file.", "XYZ123456789"],
    ["Medicare 1EG4-TE5-MK73 verified.", "1EG4-TE5-MK73"],
    ["Card shows 1EG4TE5MK73.", "1EG4TE5MK73"],
    ["Policy number PLN-2291-8830.", "PLN-2291-8830"],
  ],
  ACCOUNT: [
    ["Account number: 4410-2231-8890.", "4410-2231-8890"],
    ["Acct # 0012345678 billed.", "0012345678"],
    ["Paid with 4111 1111 1111 1111.", "4111 1111 1111 1111"],
    ["Transfer to GB82 WEST 1234 5698 7654 32.", "GB82 WEST 1234 5698 7654 32"],
  ],
  LICENSE: [
    ["Driver's license D1234567 copied.", "D1234567"],
    ["Prescriber DEA AB1234563.", "AB1234563"],
    ["Prescribed under BB1388568.", "BB1388568"],
    ["NPI 1234567893.", "1234567893"],
  ],
  VEHICLE: [
    ["VIN 1HGCM82633A004352 in the report.", "1HGCM82633A004352"],
    ["Car 1M8GDM9AXKP042788 rolled over.", "1M8GDM9AXKP042788"],
    ["License plate 7ABC123 noted.", "7ABC123"],
  ],
  DEVICE: [
    ["Pacemaker serial number PJN602241.", "PJN602241"],
    ["Pump S/N 4471-0098 replaced.", "4471-0098"],
    ["UDI (01)00643169007222(17)230101 recorded.", "(01)00643169007222(17)230101"],
    ["Tablet 00:1A:2B:3C:4D:5E on the ward.", "00:1A:2B:3C:4D:5E"],
  ],
  URL: [
    ["Results at https://portal.example.org/results?id=3.", "https://portal.example.org/results?id=3"],
    ["See www.valleyclinic.com for hours.", "www.valleyclinic.com"],
    ["Log in at mychart.example-health.org/login today.", "mychart.example-health.org/login"],
  ],
  IP: [
    ["Login from 192.168.1.20 flagged.", "192.168.1.20"],
    ["Device at 2001:db8::8a2e:370:7334 reported.", "2001:db8::8a2e:370:7334"],
    ["Link-local fe80::1ff:fe23:4567:890a seen.", "fe80::1ff:fe23:4567:890a"],
  ],
  OTHER_ID: [
    ["Study ID STDY-20391 enrolled.", "STDY-20391"],
    ["Accession # 2021-889123 pending.", "2021-889123"],
    ["Passport number X12345678.", "X12345678"],
    ["Encounter number 998122334.", "998122334"],
  ],
};

// Clinical text that must not be flagged at all.
const CLEAN = [
  "Parkinson's disease and Crohn's disease are chronic conditions.",
  "Down syndrome is associated with hypothyroidism.",
  "Apgar scores were 8 and 9; Glasgow Coma Scale 14.",
  "Stevens-Johnson syndrome, Wolff-Parkinson-White and Guillain-Barré syndrome.",
  "Lou Gehrig's disease, Bell's palsy, Braxton Hicks contractions, Grey Turner's sign.",
  "Hodgkin lymphoma is staged with the Ann Arbor classification at the Mayo Clinic.",
  "A positive Murphy's sign; tenderness at McBurney's point; Babinski sign present.",
  "Wilson's disease, Graves' disease, Addison's disease, Cushing's syndrome.",
  "Gram-negative rods; E. coli and H. Pylori; a Foley catheter; a Holter monitor.",
  "Take amoxicillin 500 mg three times daily for 7 days.",
  "Give 1/2 tablet; 3/4 of the dose; strength 2/5; pain 7/10.",
  "BP 120/80 mmHg, HR 88, temperature 38.4 °C. Take fluids.",
  "HbA1c was 8.2% in 2019 and 7.1% in 2022.",
  "Sodium 134 mmol/L (reference range 135-145); platelets 250000.",
  "Fever for 3 days, cough for 2 weeks.",
  "The patient is 89 years old; a 45-year-old man; aged 72.",
  "Epinephrine 1:1000; dilute 1/2000; visual acuity 20/40.",
  "ICD-10 code E11.9; CPT 99213; COVID-19; BRCA1.",
  "Will this drug help? May cause drowsiness. Mark the site.",
  "Allegra 180 mg daily; Camila is a progestin-only pill; Ella within 5 days.",
  "A. Hypothyroidism B. Hyperthyroidism C. Normal",
  "Choices: A) Tuberculosis B) Common cold C) Asthma D) Lung Cancer",
  "Patient Education Leaflets are available in the U.S. In 2020 they were updated.",
  "Room 12 and Bed 4 are reserved; hospital day 4.",
  "Store at 2-8 °C and discard after 28 days.",
  "The 2019 guidelines lowered the target to 130/80.",
  "Times 10:30:45 and ratio 1:2 are not addresses; version 1.2.3.",
  "Outcomes were similar in 23000 adults and in 12000 children.",
  "She was admitted to St. Mary's Hospital for 3 days.",
  "Contact your doctor if symptoms last more than 0.5 to 1 days; reference 07.2021 guidance.",
  "Call if the reading is 0 on 2 checks in a row, or above 300 mg/dL.",
];

describe("PHI categories", () => {
  it("is the issue's fixed list, each with a label", () => {
    expect(PHI_CATEGORIES).toEqual([
      "NAME",
      "LOCATION",
      "DATE",
      "AGE_OVER_89",
      "PHONE",
      "FAX",
      "EMAIL",
      "SSN",
      "MRN",
      "HEALTH_PLAN",
      "ACCOUNT",
      "LICENSE",
      "VEHICLE",
      "DEVICE",
      "URL",
      "IP",
      "OTHER_ID",
    ]);
    for (const c of PHI_CATEGORIES) expect(PHI_CATEGORY_LABELS[c]).toMatch(/\w/);
  });
});

describe("detectPhi: each category in each written form", () => {
  for (const category of PHI_CATEGORIES) {
    for (const [text, expected] of CAUGHT[category]) {
      it(`${category}: ${text}`, () => {
        // Exactly the identifier: no more of the text, no less.
        expect(found(text, category)).toContain(expected);
      });
    }
  }
});

describe("detectPhi: clinical text that is not an identifier", () => {
  for (const text of CLEAN) {
    it(text, () => {
      expect(detectPhi(text)).toEqual([]);
    });
  }

  it("does not take a year alone, a duration or a fraction for a date", () => {
    const text = "In 2019, for 3 days, 3/4 of the dose, BP 120/80, 2/5 strength, 1/2 to 3/4 tablet.";
    expect(found(text, "DATE")).toEqual([]);
  });

  it("does not take a bare five-digit lab value for a ZIP code", () => {
    expect(found("Platelets 23000, WBC 11000 and glucose 90210 units.", "LOCATION")).toEqual([]);
  });

  it("does not take ages up to 89 for AGE_OVER_89", () => {
    expect(found("An 89-year-old, aged 85, age: 72, 88 y/o.", "AGE_OVER_89")).toEqual([]);
  });

  it("does not take an invalid SSN range without a cue (000, 666, 9xx)", () => {
    expect(found("Codes 000-12-3456, 666-12-3456, 912-12-3456.", "SSN")).toEqual([]);
  });

  it("does not take a card-shaped number that fails the Luhn check", () => {
    expect(found("Lot 4111 1111 1111 1112 shipped.", "ACCOUNT")).toEqual([]);
    // The digits of a decimal fraction: one random fraction in ten passes Luhn.
    expect(detectPhi("Explain the management of ketoacidosis, case 0.4044501259943998.")).toEqual([]);
  });

  it("does not take a letter before a sentence for an initial ('A. Since...')", () => {
    expect(found("Options follow. A. Since starting the drug she feels dizzy.", "NAME")).toEqual([]);
    expect(found("History obtained from D. Smith and the chart.", "NAME")).toEqual(["D. Smith"]);
  });

  it("does not take a file name or a run-together sentence for a URL", () => {
    expect(found("Open report.pdf or script.py; the liver.It is enlarged.", "URL")).toEqual([]);
  });
});

describe("eponyms", () => {
  it("keeps the list lower-case and free of blanks", () => {
    expect(EPONYMS.size).toBeGreaterThan(400);
    for (const w of EPONYMS) expect(w).toMatch(/^[\p{Ll}]+$/u);
  });

  it("lets an eponym through before a medical noun, with or without the possessive", () => {
    for (const head of ["disease", "syndrome", "sign", "score", "scale", "test", "maneuver", "criteria"]) {
      expect(found(`Smith ${head} and Murphy's ${head} were discussed.`, "NAME")).toEqual([]);
    }
  });

  it("still flags an eponym surname that is a person's: after a title or a first name", () => {
    expect(found("Dr. Wilson examined Mr. Parkinson.", "NAME")).toEqual(["Wilson", "Parkinson"]);
    expect(found("Spoke with John Wilson about Wilson's disease.", "NAME")).toEqual(["John Wilson"]);
  });
});

describe("screenRecord", () => {
  it("screens every string field under its own key and skips other values", () => {
    const findings = screenRecord({
      instruction: "Rewrite this note.",
      input: "Mrs. Maria Gonzalez, MRN 00482913.",
      output: "Call 617-555-0143.",
      difficulty: 3 as unknown as string,
    });
    expect(findings.map((f) => [f.field, f.category, f.text])).toEqual([
      ["input", "NAME", "Maria Gonzalez"],
      ["input", "MRN", "00482913"],
      ["output", "PHONE", "617-555-0143"],
    ]);
  });

  it("gives JavaScript string offsets (astral characters count as two)", () => {
    const text = "😀 Call 617-555-0143.";
    const [f] = detectPhi(text, "input");
    expect(f).toMatchObject({ field: "input", category: "PHONE", start: 8, end: 20 });
    expect(text.slice(f?.start, f?.end)).toBe("617-555-0143");
  });

  it("resolves overlaps to one finding: the cue's category beats the shape", () => {
    expect(detectPhi("MRN: 123-45-6789").map((f) => [f.category, f.text])).toEqual([["MRN", "123-45-6789"]]);
    expect(detectPhi("Mail jane.doe@example.org").map((f) => f.category)).toEqual(["EMAIL"]);
    expect(detectPhi("See http://192.0.2.4/portal").map((f) => f.category)).toEqual(["URL"]);
  });

  it("is the same on every call (no state kept between texts)", () => {
    const text = "Mrs. Maria Gonzalez was admitted on 03/14/2021; call (617) 555-0143.";
    const first = JSON.stringify(detectPhi(text));
    for (let i = 0; i < 10; i++) expect(JSON.stringify(detectPhi(text))).toBe(first);
  });
});

describe("placeholders", () => {
  const text = "Mrs. Maria Gonzalez was admitted on 03/14/2021; MRN 00482913.";

  it("replaces one span with its typed placeholder", () => {
    const [name] = detectPhi(text);
    expect(replaceSpan(text, name as NonNullable<typeof name>)).toBe(
      "Mrs. [NAME] was admitted on 03/14/2021; MRN 00482913.",
    );
  });

  it("replaces every finding, each with its own placeholder", () => {
    expect(replaceAll(text, detectPhi(text))).toBe("Mrs. [NAME] was admitted on [DATE]; MRN [MRN].");
  });

  it("replacing one span at a time, screening again in between, ends with the same text", () => {
    let out = text;
    for (let f = detectPhi(out)[0]; f; f = detectPhi(out)[0]) out = replaceSpan(out, f);
    expect(out).toBe("Mrs. [NAME] was admitted on [DATE]; MRN [MRN].");
    expect(detectPhi(out)).toEqual([]);
  });

  it("refuses a finding whose text has moved (the text was edited after screening)", () => {
    const [name] = detectPhi(text);
    expect(() => replaceSpan(`Note: ${text}`, name as NonNullable<typeof name>)).toThrow(StaleFindingError);
  });

  it("refuses overlapping findings in one go", () => {
    const a = { start: 0, end: 5, category: "NAME" as const, text: "Maria" };
    const b = { start: 3, end: 8, category: "NAME" as const, text: "ia Go" };
    expect(() => replaceAll("Maria Gonzalez", [a, b])).toThrow(/overlap/);
  });
});
