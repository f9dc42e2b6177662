// An item's place in the schedule as the collection stores it (E-Factor in hundredths, study days),
// the fields that the export, the Anki import plan and `card show` all read. Pure type.

export interface ItemSchedule {
  /** 0, or the cloze number */
  ord: number;
  /** SM-2 repetitions in a row (0 after a lapse) */
  reps: number;
  /** E-Factor in hundredths */
  ef: number;
  /** days */
  interval: number;
  /** study day, or null while the item is new */
  due: number | null;
  lapses: number;
  /** scheduled answers so far */
  reviews: number;
  suspended: boolean;
}
