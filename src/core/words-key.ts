// What people typed, compared as they read it: "Scoring  Training " and "scoring training"
// are the same title, and "Field trip forms" the same agenda item as "field trip  forms".
export const wordsKey = (text: string): string => text.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase();
