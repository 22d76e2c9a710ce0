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

export function searchStaff(db, q) {
  const sql =
    "SELECT name_ja, name_en, dept, extension, email FROM staff WHERE name_en LIKE '%" +
    q +
    "%' OR name_ja LIKE '%" +
    q +
    "%' ORDER BY id";
  return allRows(db, sql);
}

export function employeeExists(db, id) {
  const sql = 'SELECT 1 FROM staff WHERE id = ' + id;
  return allRows(db, sql).length > 0;
}
