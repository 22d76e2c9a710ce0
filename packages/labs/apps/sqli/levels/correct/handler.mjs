// 社員名簿の検索処理 / The staff directory's queries.
// The server calls these two functions with the sql.js database and the text the user typed.
//   searchStaff(db, q)      → rows of [name_ja, name_en, dept, extension, email] for the results table
//   employeeExists(db, id)  → true when the employee number is registered

/** Runs one SQL statement and returns its rows as arrays. */
function allRows(db, sql, params = []) {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const rows = [];
    while (stmt.step()) rows.push(stmt.get());
    return rows;
  } finally {
    stmt.free();
  }
}

// The SQL text is fixed; what the user typed only ever travels as a bound parameter (?), so it stays data.
// % and _ are escaped too, so that they are searched for literally instead of acting as LIKE wildcards.
export function searchStaff(db, q) {
  const pattern = '%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
  const sql =
    "SELECT name_ja, name_en, dept, extension, email FROM staff WHERE name_en LIKE ? ESCAPE '\\' " +
    "OR name_ja LIKE ? ESCAPE '\\' ORDER BY id";
  return allRows(db, sql, [pattern, pattern]);
}

// An employee number is digits only; anything else cannot be registered.
export function employeeExists(db, id) {
  if (!/^[0-9]{1,9}$/.test(id)) return false;
  return allRows(db, 'SELECT 1 FROM staff WHERE id = ?', [Number(id)]).length > 0;
}
