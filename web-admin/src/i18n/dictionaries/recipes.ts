/** Texts of the recipes page: a dish's ingredients, its recipe versions and the new-version form. */
import type { Locale } from '../locale.ts';

export interface RecipesTexts {
  title: string;
  subtitle: string;
  dish: string;
  chooseTitle: string;
  chooseDescription: string;
  current: string;
  noRecipeTitle: string;
  noRecipeDescription: string;
  ingredients: string;
  versions: string;
  columns: { version: string; validFrom: string; ingredients: string };
  removed: string;
  inForce: string;
  edit: string;
  create: string;
  editTitle: string;
  editDescription: string;
  perPortion: string;
  modifiersKept: string;
  save: string;
  confirmTitle: string;
  confirmDescription: string;
  confirmRemoveTitle: string;
  confirmRemoveDescription: string;
  confirm: string;
  saved: string;
  removedToast: string;
}

export const recipes: Record<Locale, RecipesTexts> = {
  uz: {
    title: 'Retseptlar',
    subtitle: 'Taomning bir porsiyasi ombordan nimani chiqaradi, versiyalari bilan.',
    dish: 'Taom',
    chooseTitle: 'Taomni tanlang',
    chooseDescription: 'Uning tarkibi va retsept versiyalari shu yerda ko‘rinadi.',
    current: 'Amaldagi retsept',
    noRecipeTitle: 'Retsept yo‘q',
    noRecipeDescription: 'Taom o‘zi sifatida hisobdan chiqariladi.',
    ingredients: 'Tarkibi',
    versions: 'Versiyalar',
    columns: { version: 'Versiya', validFrom: 'Amal qiladi', ingredients: 'Tarkibi' },
    removed: 'Retsept olib tashlangan',
    inForce: 'amalda',
    edit: 'Tahrirlash',
    create: 'Retsept yaratish',
    editTitle: 'Yangi retsept versiyasi',
    editDescription: 'Hozirdan keyingi savdolarga qo‘llanadi; avvalgi savdolar o‘z retsepti bilan qoladi.',
    perPortion: 'bir porsiyaga',
    modifiersKept: 'Modifikator ta’sirlari o‘zgarmaydi.',
    save: 'Saqlash',
    confirmTitle: 'Yangi versiyani saqlaysizmi?',
    confirmDescription: '{count} ta tarkibiy qism bilan {version}-versiya hozirdan amal qiladi.',
    confirmRemoveTitle: 'Retseptni olib tashlaysizmi?',
    confirmRemoveDescription: 'Tarkib bo‘sh: taom yana o‘zi sifatida hisobdan chiqariladi.',
    confirm: 'Saqlash',
    saved: 'Retsept saqlandi',
    removedToast: 'Retsept olib tashlandi',
  },
  ru: {
    title: 'Рецепты',
    subtitle: 'Что списывает одна порция блюда со склада, по версиям.',
    dish: 'Блюдо',
    chooseTitle: 'Выберите блюдо',
    chooseDescription: 'Здесь появятся его ингредиенты и версии рецепта.',
    current: 'Действующий рецепт',
    noRecipeTitle: 'Рецепта нет',
    noRecipeDescription: 'Блюдо списывается само как товар.',
    ingredients: 'Ингредиенты',
    versions: 'Версии',
    columns: { version: 'Версия', validFrom: 'Действует с', ingredients: 'Ингредиенты' },
    removed: 'Рецепт удалён',
    inForce: 'действует',
    edit: 'Изменить',
    create: 'Создать рецепт',
    editTitle: 'Новая версия рецепта',
    editDescription: 'Применяется к продажам с этого момента; прошлые продажи остаются со своим рецептом.',
    perPortion: 'на порцию',
    modifiersKept: 'Влияние модификаторов сохраняется.',
    save: 'Сохранить',
    confirmTitle: 'Сохранить новую версию?',
    confirmDescription: 'Версия {version} с ингредиентами ({count}) начнёт действовать сейчас.',
    confirmRemoveTitle: 'Удалить рецепт?',
    confirmRemoveDescription: 'Ингредиентов нет: блюдо снова будет списываться само.',
    confirm: 'Сохранить',
    saved: 'Рецепт сохранён',
    removedToast: 'Рецепт удалён',
  },
  en: {
    title: 'Recipes',
    subtitle: 'What one portion of a dish takes from stock, with its versions.',
    dish: 'Dish',
    chooseTitle: 'Choose a dish',
    chooseDescription: 'Its ingredients and recipe versions appear here.',
    current: 'Recipe in force',
    noRecipeTitle: 'No recipe',
    noRecipeDescription: 'The dish is deducted from stock as itself.',
    ingredients: 'Ingredients',
    versions: 'Versions',
    columns: { version: 'Version', validFrom: 'Applies from', ingredients: 'Ingredients' },
    removed: 'Recipe removed',
    inForce: 'in force',
    edit: 'Edit',
    create: 'Create recipe',
    editTitle: 'New recipe version',
    editDescription: 'Applies to sales from now on; earlier sales keep the recipe they were deducted with.',
    perPortion: 'per portion',
    modifiersKept: 'Modifier effects are kept.',
    save: 'Save',
    confirmTitle: 'Save a new version?',
    confirmDescription: 'Version {version} with {count} ingredients applies from now.',
    confirmRemoveTitle: 'Remove the recipe?',
    confirmRemoveDescription: 'No ingredients: the dish is deducted as itself again.',
    confirm: 'Save',
    saved: 'Recipe saved',
    removedToast: 'Recipe removed',
  },
};
