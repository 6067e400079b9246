import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A staff member's back-office language (issue 15): chosen once, applied at sign-in on any
 * browser. Null until the person picks one (the browser's cookie, else Uzbek, decides then).
 */
export class StaffLanguage1765500000200 implements MigrationInterface {
  name = 'StaffLanguage1765500000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE identity.staff ADD COLUMN language text CHECK (language IN ('uz', 'ru', 'en'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE identity.staff DROP COLUMN language');
  }
}
