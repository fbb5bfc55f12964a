// the reflection form's fields, shared by the page and the server
export const REFLECTION_FIELDS = [
  {
    name: "whatHappened",
    label: "What did you do, and what happened?",
    hint: "For example, the role-plays you found hardest, or a real conversation where you tried a skill.",
  },
  {
    name: "whatLearned",
    label: "What did you learn?",
    hint: "About mentoring, about the six skills, or about yourself.",
  },
  {
    name: "changePractice",
    label: "How will it change your practice?",
    hint: "Something specific you will do differently as a mentor.",
  },
  {
    name: "furtherNeeds",
    label: "What are your further learning needs? (optional)",
    hint: "For your personal development plan or next appraisal.",
  },
] as const;
