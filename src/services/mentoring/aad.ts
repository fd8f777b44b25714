// The associated data that binds a confidential mentoring ciphertext (an entry's mentee and
// notes, a draft, a pair's typed mentee) to its workspace and mentor.
export const aadFor = (workspaceId: string, mentorId: string): string => `mentor:${workspaceId}:${mentorId}`;
