import { EntitySchema } from 'typeorm';

export interface CategoryRow {
  tenantId: string;
  id: string;
  name: string;
  parentId: string | null;
  /** False once archived. */
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const CategoryEntity = new EntitySchema<CategoryRow>({
  name: 'Category',
  tableName: 'category',
  schema: 'catalog',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    name: { type: 'text' },
    parentId: { name: 'parent_id', type: 'uuid', nullable: true },
    active: { type: 'boolean', default: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
});
