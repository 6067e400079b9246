/** Texts of the product import page. Part of the catalog dictionary (`catalog.ts` combines the parts). */
import type { Locale } from '../locale.ts';

export interface CatalogImportTexts {
  import: {
    title: string;
    subtitle: string;
    link: string;
    file: string;
    fileHelp: string;
    template: string;
    check: string;
    apply: string;
    another: string;
    uploading: string;
    status: {
      UPLOADING: string;
      VALIDATING: string;
      VALIDATED: string;
      APPLYING: string;
      APPLIED: string;
      FAILED: string;
    };
    progress: string;
    total: string;
    created: string;
    updated: string;
    unchanged: string;
    failed: string;
    willCreate: string;
    willUpdate: string;
    rowErrors: string;
    row: string;
    column: string;
    problem: string;
    moreErrors: string;
    report: string;
    noErrors: string;
    appliedNote: string;
    uploadFailed: string;
    emptyTitle: string;
    emptyDescription: string;
  };
}

export const catalogImport: Record<Locale, CatalogImportTexts> = {
  uz: {
    import: {
      title: 'Mahsulotlarni import qilish',
      subtitle:
        'CSV yoki XLSX fayl: avval tekshiring, so‘ng yozing. Bo‘sh ustunlar mavjud ma’lumotni o‘chirmaydi.',
      link: 'Import',
      file: 'Fayl (CSV yoki XLSX)',
      fileHelp:
        'Ustunlar: sku, name, price, vat_rate, ikpu, package_code va ixtiyoriy name_ru, name_en, barcodes, category, unit.',
      template: 'Namuna faylni yuklab olish',
      check: 'Tekshirish',
      apply: 'Import qilish',
      another: 'Boshqa fayl',
      uploading: 'Yuklanmoqda: {done} / {total} qism',
      status: {
        UPLOADING: 'Yuklanmoqda',
        VALIDATING: 'Tekshirilmoqda',
        VALIDATED: 'Tekshirildi — hech narsa yozilmadi',
        APPLYING: 'Yozilmoqda',
        APPLIED: 'Import qilindi',
        FAILED: 'Faylni o‘qib bo‘lmadi',
      },
      progress: '{processed} / {total} qator',
      total: 'Qatorlar',
      created: 'Yangi',
      updated: 'O‘zgargan',
      unchanged: 'O‘zgarmagan',
      failed: 'Xato',
      willCreate: 'Yaratiladi',
      willUpdate: 'O‘zgartiriladi',
      rowErrors: 'Xato qatorlar',
      row: 'Qator',
      column: 'Ustun',
      problem: 'Muammo',
      moreErrors: 'Yana {count} ta xato hisobotda.',
      report: 'Xatolar hisobotini yuklab olish (CSV)',
      noErrors: 'Barcha qatorlar to‘g‘ri.',
      appliedNote: 'Xato qatorlar yozilmadi: hisobotni tuzatib, qayta import qiling.',
      uploadFailed: 'Faylni yuborib bo‘lmadi. Aloqani tekshirib, qayta urinib ko‘ring.',
      emptyTitle: 'Fayl tanlang',
      emptyDescription: 'Tekshiruv har bir qatordagi xatoni ko‘rsatadi va hech narsa yozmaydi.',
    },
  },
  ru: {
    import: {
      title: 'Импорт товаров',
      subtitle: 'Файл CSV или XLSX: сначала проверка, затем запись. Пустые столбцы не стирают данные.',
      link: 'Импорт',
      file: 'Файл (CSV или XLSX)',
      fileHelp:
        'Столбцы: sku, name, price, vat_rate, ikpu, package_code и необязательные name_ru, name_en, barcodes, category, unit.',
      template: 'Скачать образец файла',
      check: 'Проверить',
      apply: 'Импортировать',
      another: 'Другой файл',
      uploading: 'Загрузка: {done} / {total} частей',
      status: {
        UPLOADING: 'Загрузка',
        VALIDATING: 'Проверка',
        VALIDATED: 'Проверено — ничего не записано',
        APPLYING: 'Запись',
        APPLIED: 'Импортировано',
        FAILED: 'Файл не удалось прочитать',
      },
      progress: '{processed} / {total} строк',
      total: 'Строк',
      created: 'Новых',
      updated: 'Изменённых',
      unchanged: 'Без изменений',
      failed: 'С ошибками',
      willCreate: 'Будет создано',
      willUpdate: 'Будет изменено',
      rowErrors: 'Строки с ошибками',
      row: 'Строка',
      column: 'Столбец',
      problem: 'Проблема',
      moreErrors: 'Ещё {count} ошибок — в отчёте.',
      report: 'Скачать отчёт об ошибках (CSV)',
      noErrors: 'Все строки в порядке.',
      appliedNote: 'Строки с ошибками не записаны: исправьте отчёт и импортируйте его снова.',
      uploadFailed: 'Не удалось отправить файл. Проверьте соединение и попробуйте ещё раз.',
      emptyTitle: 'Выберите файл',
      emptyDescription: 'Проверка покажет ошибку в каждой строке и ничего не запишет.',
    },
  },
  en: {
    import: {
      title: 'Import products',
      subtitle: 'A CSV or XLSX file: check it first, then write it. Blank columns never erase data.',
      link: 'Import',
      file: 'File (CSV or XLSX)',
      fileHelp:
        'Columns: sku, name, price, vat_rate, ikpu, package_code, and optionally name_ru, name_en, barcodes, category, unit.',
      template: 'Download a sample file',
      check: 'Check file',
      apply: 'Import',
      another: 'Another file',
      uploading: 'Uploading: part {done} of {total}',
      status: {
        UPLOADING: 'Uploading',
        VALIDATING: 'Checking',
        VALIDATED: 'Checked — nothing written yet',
        APPLYING: 'Writing',
        APPLIED: 'Imported',
        FAILED: 'The file could not be read',
      },
      progress: '{processed} of {total} rows',
      total: 'Rows',
      created: 'New',
      updated: 'Changed',
      unchanged: 'Unchanged',
      failed: 'Errors',
      willCreate: 'Will be created',
      willUpdate: 'Will be changed',
      rowErrors: 'Rows with errors',
      row: 'Row',
      column: 'Column',
      problem: 'Problem',
      moreErrors: '{count} more errors are in the report.',
      report: 'Download the error report (CSV)',
      noErrors: 'Every row is fine.',
      appliedNote: 'Rows with errors were not written: fix them in the report and import it again.',
      uploadFailed: 'The file could not be sent. Check the connection and try again.',
      emptyTitle: 'Choose a file',
      emptyDescription: 'The check shows the problem of every row and writes nothing.',
    },
  },
};
