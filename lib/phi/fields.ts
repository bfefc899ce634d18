export { SCREENED_FIELDS, type ScreenedField } from "@/lib/model/phi-fields";
