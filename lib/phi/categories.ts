// Client-safe: the categories of protected health information (PHI) the screener reports, after the
// HIPAA Safe Harbor list (45 CFR 164.514(b)(2)) for identifiers that text can carry. The CLI prints these
// names; the UI shows the labels. Order is the report order.

export const PHI_CATEGORIES = [
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
] as const;

export type PhiCategory = (typeof PHI_CATEGORIES)[number];

export const PHI_CATEGORY_LABELS: Record<PhiCategory, string> = {
  NAME: "Person's name",
  LOCATION: "Street address, city with street or ZIP, ZIP code",
  DATE: "Date (day or month; a year alone is allowed)",
  AGE_OVER_89: "Age over 89",
  PHONE: "Phone number",
  FAX: "Fax number",
  EMAIL: "Email address",
  SSN: "Social Security number",
  MRN: "Medical record number",
  HEALTH_PLAN: "Health plan or insurance number",
  ACCOUNT: "Account or card number",
  LICENSE: "Licence, certificate or registration number",
  VEHICLE: "Vehicle identifier or plate",
  DEVICE: "Device identifier or serial number",
  URL: "Web address",
  IP: "IP address",
  OTHER_ID: "Other identifying number or code",
};

/** One identifier found in a text: `start`/`end` are JavaScript string offsets into the field's text. */
export type PhiFinding = {
  field: string;
  start: number;
  end: number;
  category: PhiCategory;
  text: string;
};

/** The typed placeholder a finding is replaced with, e.g. `[NAME]`. */
export const phiPlaceholder = (category: PhiCategory) => `[${category}]`;

export const isPhiCategory = (value: string): value is PhiCategory =>
  (PHI_CATEGORIES as readonly string[]).includes(value);
