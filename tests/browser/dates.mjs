// Filling a GOV.UK date input (a fieldset named by its legend, with Day,
// Month and Year boxes) as a person does: one box at a time.
const BOXES = { en: ['Day', 'Month', 'Year'], cy: ['Diwrnod', 'Mis', 'Blwyddyn'] };

// `date` is "YYYY-MM-DD" (typed as 1 3 2024, without leading zeros) or
// { day, month, year } as typed, any of them '' to leave a box empty.
export async function fillDate(page, legend, date, lang = 'en') {
  let parts = date;
  if (typeof date === 'string') {
    const [year, month, day] = date.split('-');
    parts = { day: String(Number(day)), month: String(Number(month)), year };
  }
  const group = page.getByRole('group', { name: legend, exact: true });
  const [day, month, year] = BOXES[lang];
  await group.getByLabel(day, { exact: true }).fill(parts.day);
  await group.getByLabel(month, { exact: true }).fill(parts.month);
  await group.getByLabel(year, { exact: true }).fill(parts.year);
}

// What the three boxes show, as { day, month, year }.
export async function dateShown(page, legend, lang = 'en') {
  const group = page.getByRole('group', { name: legend, exact: true });
  const [day, month, year] = BOXES[lang];
  return {
    day: await group.getByLabel(day, { exact: true }).inputValue(),
    month: await group.getByLabel(month, { exact: true }).inputValue(),
    year: await group.getByLabel(year, { exact: true }).inputValue(),
  };
}
