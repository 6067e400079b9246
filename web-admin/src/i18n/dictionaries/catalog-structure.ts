/** Texts of the categories and modifier-groups pages. Part of the catalog dictionary (`catalog.ts` combines the parts). */
import type { Locale } from '../locale.ts';

export interface CatalogStructureTexts {
  categories: {
    title: string;
    subtitle: string;
    name: string;
    parent: string;
    root: string;
    add: string;
    moveTo: string;
    /** The drag handle of a category row (the select next to it does the same from the keyboard). */
    dragHandle: string;
    /** The drop zone that moves a dragged category to the top level. */
    dropToRoot: string;
    created: string;
    renamed: string;
    moved: string;
    archive: string;
    restore: string;
    archived: string;
    archivedToast: string;
    restoredToast: string;
    loadError: string;
    emptyTitle: string;
    emptyDescription: string;
  };
  modifiers: {
    title: string;
    subtitle: string;
    add: string;
    edit: string;
    editor: string;
    name: string;
    min: string;
    max: string;
    required: string;
    requiredLabel: string;
    range: string;
    options: string;
    optionName: string;
    priceDelta: string;
    addOption: string;
    saved: string;
    archivedToast: string;
    restoredToast: string;
    loadError: string;
    emptyTitle: string;
    emptyDescription: string;
  };
}

export const catalogStructure: Record<Locale, CatalogStructureTexts> = {
  uz: {
    categories: {
      title: 'Kategoriyalar',
      subtitle:
        'Katalog daraxti: kategoriyani boshqa ota-kategoriyaga ko‘chiring, nomini o‘zgartiring yoki arxivlang.',
      name: 'Nomi',
      parent: 'Ota-kategoriya',
      root: 'Yuqori daraja',
      add: 'Kategoriya qo‘shish',
      moveTo: 'Joyi:',
      dragHandle: 'Sudrab boshqa kategoriya ichiga ko‘chiring',
      dropToRoot: 'Yuqori darajaga ko‘chirish uchun shu yerga tashlang',
      created: 'Kategoriya qo‘shildi',
      renamed: 'Kategoriya nomi o‘zgartirildi',
      moved: 'Kategoriya ko‘chirildi',
      archive: 'Arxivlash',
      restore: 'Qaytarish',
      archived: 'Arxivda',
      archivedToast: 'Arxivlandi',
      restoredToast: 'Arxivdan qaytarildi',
      loadError: 'Kategoriyalarni yuklab bo‘lmadi',
      emptyTitle: 'Hali kategoriyalar yo‘q',
      emptyDescription: 'Birinchi kategoriyani yuqoridagi shakl orqali qo‘shing.',
    },
    modifiers: {
      title: 'Modifikatorlar',
      subtitle: 'Tanlovlar guruhlari: o‘lcham, qo‘shimchalar — eng kam va eng ko‘p tanlov bilan.',
      add: 'Guruh qo‘shish',
      edit: 'Tahrirlash',
      editor: 'Modifikator guruhi',
      name: 'Guruh nomi',
      min: 'Eng kam tanlov',
      max: 'Eng ko‘p tanlov',
      required: 'Majburiy',
      requiredLabel: 'Kassir tanlashi shart',
      range: '{min} dan {max} tagacha tanlanadi',
      options: 'Variantlar',
      optionName: 'Variant nomi',
      priceDelta: 'Qo‘shimcha narx',
      addOption: 'Variant qo‘shish',
      saved: 'Guruh saqlandi',
      archivedToast: 'Guruh arxivlandi',
      restoredToast: 'Guruh qaytarildi',
      loadError: 'Modifikatorlarni yuklab bo‘lmadi',
      emptyTitle: 'Hali modifikatorlar yo‘q',
      emptyDescription: 'Masalan, “O‘lcham”: kichik, o‘rta, katta.',
    },
  },
  ru: {
    categories: {
      title: 'Категории',
      subtitle: 'Дерево каталога: переносите категорию под другого родителя, переименовывайте, архивируйте.',
      name: 'Название',
      parent: 'Родительская категория',
      root: 'Верхний уровень',
      add: 'Добавить категорию',
      moveTo: 'Где:',
      dragHandle: 'Перетащите в другую категорию',
      dropToRoot: 'Перетащите сюда, чтобы сделать категорию верхнего уровня',
      created: 'Категория добавлена',
      renamed: 'Категория переименована',
      moved: 'Категория перенесена',
      archive: 'В архив',
      restore: 'Вернуть',
      archived: 'В архиве',
      archivedToast: 'Перенесено в архив',
      restoredToast: 'Возвращено из архива',
      loadError: 'Не удалось загрузить категории',
      emptyTitle: 'Категорий пока нет',
      emptyDescription: 'Добавьте первую категорию формой выше.',
    },
    modifiers: {
      title: 'Модификаторы',
      subtitle: 'Группы выбора: размер, добавки — с наименьшим и наибольшим числом вариантов.',
      add: 'Добавить группу',
      edit: 'Изменить',
      editor: 'Группа модификаторов',
      name: 'Название группы',
      min: 'Минимум выбора',
      max: 'Максимум выбора',
      required: 'Обязательная',
      requiredLabel: 'Кассир обязан выбрать',
      range: 'Выбирается от {min} до {max}',
      options: 'Варианты',
      optionName: 'Название варианта',
      priceDelta: 'Надбавка к цене',
      addOption: 'Добавить вариант',
      saved: 'Группа сохранена',
      archivedToast: 'Группа перенесена в архив',
      restoredToast: 'Группа возвращена',
      loadError: 'Не удалось загрузить модификаторы',
      emptyTitle: 'Модификаторов пока нет',
      emptyDescription: 'Например, «Размер»: маленький, средний, большой.',
    },
  },
  en: {
    categories: {
      title: 'Categories',
      subtitle: 'The catalog tree: move a category under another parent, rename or archive it.',
      name: 'Name',
      parent: 'Parent category',
      root: 'Top level',
      add: 'Add category',
      moveTo: 'Under:',
      dragHandle: 'Drag into another category',
      dropToRoot: 'Drop here to move to the top level',
      created: 'Category added',
      renamed: 'Category renamed',
      moved: 'Category moved',
      archive: 'Archive',
      restore: 'Restore',
      archived: 'Archived',
      archivedToast: 'Archived',
      restoredToast: 'Restored',
      loadError: 'The categories could not be loaded',
      emptyTitle: 'No categories yet',
      emptyDescription: 'Add the first one with the form above.',
    },
    modifiers: {
      title: 'Modifiers',
      subtitle: 'Choice groups — size, extras — with the fewest and most options a cashier picks.',
      add: 'Add group',
      edit: 'Edit',
      editor: 'Modifier group',
      name: 'Group name',
      min: 'Fewest choices',
      max: 'Most choices',
      required: 'Required',
      requiredLabel: 'The cashier must choose',
      range: 'Choose {min} to {max}',
      options: 'Options',
      optionName: 'Option name',
      priceDelta: 'Price added',
      addOption: 'Add option',
      saved: 'Group saved',
      archivedToast: 'Group archived',
      restoredToast: 'Group restored',
      loadError: 'The modifier groups could not be loaded',
      emptyTitle: 'No modifier groups yet',
      emptyDescription: 'For example “Size”: small, medium, large.',
    },
  },
};
