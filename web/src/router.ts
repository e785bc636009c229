// Routes (history mode: the node serves index.html for any non-API path). Every page but the
// log-in page needs a session; the guard restores it from the cookie once.
import { createRouter, createWebHistory } from 'vue-router';
import { useSessionStore } from '@/stores/session';
import { QUARANTINE_ROLES } from '@/federation/access';

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/', redirect: '/requests' },
    { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true } },
    { path: '/requests', name: 'register', component: () => import('@/views/RegisterView.vue') },
    { path: '/requests/new', name: 'new-request', component: () => import('@/views/BuilderView.vue') },
    { path: '/requests/:id/edit', name: 'edit-request', component: () => import('@/views/BuilderView.vue'), props: true },
    { path: '/requests/:id', name: 'request', component: () => import('@/views/RequestDetailView.vue'), props: true },
    { path: '/indicators', name: 'indicators', component: () => import('@/views/IndicatorSetsView.vue') },
    { path: '/indicators/:id', name: 'indicator-set', component: () => import('@/views/IndicatorSetDetailView.vue'), props: true },
    { path: '/hotline', name: 'hotline', component: () => import('@/views/HotlineView.vue') },
    { path: '/directory', name: 'directory', component: () => import('@/views/DirectoryView.vue') },
    { path: '/peers', name: 'peers', component: () => import('@/views/PeersView.vue') },
    {
      path: '/quarantine',
      name: 'quarantine',
      component: () => import('@/views/QuarantineView.vue'),
      meta: { roles: QUARANTINE_ROLES },
    },
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
    if (to.name === 'login' && session.user) return { path: '/requests' };
    return true;
  }
  if (!session.user) return { name: 'login', query: to.fullPath !== '/requests' ? { next: to.fullPath } : {} };
  // Pages limited to some roles (the server refuses the others anyway).
  const roles = to.meta.roles as readonly string[] | undefined;
  if (roles && !roles.includes(session.user.role)) return { path: '/requests' };
  return true;
});
