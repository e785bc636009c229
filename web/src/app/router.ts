// Routes (history mode: the node serves index.html for any non-API path). Every page but the
// log-in page needs a session; the guard restores it from the cookie once.
import { createRouter, createWebHistory } from 'vue-router';
import { useSessionStore } from '@/features/auth/session';
import { QUARANTINE_ROLES } from '@/features/federation/access';
import { ADMIN_ROLES } from '@/features/admin/access';

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/', redirect: '/work' },
    { path: '/work', name: 'work', component: () => import('@/features/work/MyWorkView.vue') },
    { path: '/login', name: 'login', component: () => import('@/features/auth/LoginView.vue'), meta: { public: true } },
    { path: '/requests', name: 'register', component: () => import('@/features/requests/register/RegisterView.vue') },
    { path: '/requests/new', name: 'new-request', component: () => import('@/features/requests/builder/BuilderView.vue') },
    { path: '/requests/:id/edit', name: 'edit-request', component: () => import('@/features/requests/builder/BuilderView.vue'), props: true },
    { path: '/requests/:id', name: 'request', component: () => import('@/features/requests/detail/RequestDetailView.vue'), props: true },
    { path: '/indicators', name: 'indicators', component: () => import('@/features/sharing/IndicatorSetsView.vue') },
    { path: '/indicators/:id', name: 'indicator-set', component: () => import('@/features/sharing/IndicatorSetDetailView.vue'), props: true },
    { path: '/hotline', name: 'hotline', component: () => import('@/features/hotline/HotlineView.vue') },
    { path: '/reports', name: 'reports', component: () => import('@/features/reports/ReportsView.vue') },
    { path: '/reports/cases/:id', name: 'priority-case', component: () => import('@/features/reports/CaseDetailView.vue'), props: true },
    { path: '/directory', name: 'directory', component: () => import('@/features/directory/DirectoryView.vue') },
    { path: '/peers', name: 'peers', component: () => import('@/features/federation/PeersView.vue') },
    {
      path: '/quarantine',
      name: 'quarantine',
      component: () => import('@/features/federation/QuarantineView.vue'),
      meta: { roles: QUARANTINE_ROLES },
    },
    { path: '/account/notifications', name: 'notification-prefs', component: () => import('@/features/work/NotificationPrefsView.vue') },
    { path: '/account', name: 'account', component: () => import('@/features/account/AccountView.vue') },
    { path: '/admin', name: 'admin', component: () => import('@/features/admin/AdminView.vue'), meta: { roles: ADMIN_ROLES } },
    { path: '/:pathMatch(.*)*', redirect: '/requests' },
  ],
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.checked) {
    try {
      await session.restore();
    } catch {
      // The node is unreachable: let the page show it (the log-in page will report errors).
    }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return { path: '/work' };
    return true;
  }
  if (!session.user) return { name: 'login', query: to.fullPath !== '/work' && to.fullPath !== '/' ? { next: to.fullPath } : {} };
  // Pages limited to some roles (the server refuses the others anyway).
  const roles = to.meta.roles as readonly string[] | undefined;
  if (roles && !roles.includes(session.user.role)) return { path: '/requests' };
  return true;
});
