// links to course pages, shared by server and browser code
export const coursePath = (courseId: string) => `/courses/${courseId}`;
export const modulePath = (courseId: string, moduleId: string) => `/courses/${courseId}/modules/${moduleId}`;
export const activityPath = (courseId: string, moduleId: string, activityId: string) =>
  `/courses/${courseId}/modules/${moduleId}/${activityId}`;
